import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Kind = 'AUTO' | 'CUSTOM';
type Status = 'ACTIVE' | 'BLOCKED' | 'REPLACED';

export interface FakePin {
  id: string;
  userId: string;
  kind: Kind;
  status: Status;
  length: number;
  createdAt: string;
  blockedAt: string | null;
}

export interface FakeUser {
  id: string;
  name: string;
  role: 'ADMIN' | 'USER';
  slackUserId: string | null;
}

export interface FakeOperation {
  operationName: string;
  variables: Record<string, unknown>;
}

class GraphQLFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A stand-in for the PinGate API answering the bot's operations (by operationName) from memory,
 * with the SERVICE token and site it was given. Issued codes are 6 random digits.
 */
export class FakePinGate {
  readonly users: FakeUser[] = [];
  readonly pins: FakePin[] = [];
  /** Every code ever issued, for the leak checks. */
  readonly issuedCodes: string[] = [];
  /** Every sign-in link URL handed out, for the leak checks. */
  readonly linkUrls: string[] = [];
  /** Issued since the last reset: pin id and code. */
  issued: { pinId: string; code: string }[] = [];
  operations: FakeOperation[] = [];
  /** When true every request's socket is destroyed: the API is down. */
  down = false;
  /** Added to every answer, to widen race windows. */
  delayMs = 0;
  /** Operations that are carried out but whose answer is lost (the socket is destroyed instead). */
  loseAnswersTo = new Set<string>();
  /** Runs before each operation: lets a test change the state under the bot's feet. */
  beforeOperation: ((operationName: string) => void) | null = null;
  private server: Server | null = null;

  constructor(
    readonly token: string,
    readonly siteId: string,
    readonly siteName = 'Head office',
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakePinGate is not started');
    return `http://127.0.0.1:${address.port}/graphql`;
  }

  addUser(user: Partial<FakeUser> & { slackUserId: string | null; name: string }): FakeUser {
    const created: FakeUser = { id: randomUUID(), role: 'USER', ...user };
    this.users.push(created);
    return created;
  }

  addPin(userId: string, kind: Kind, status: Status = 'ACTIVE', createdAt = new Date()): FakePin {
    const pin: FakePin = {
      id: randomUUID(),
      userId,
      kind,
      status,
      length: 6,
      createdAt: createdAt.toISOString(),
      blockedAt: status === 'BLOCKED' ? new Date().toISOString() : null,
    };
    this.pins.push(pin);
    return pin;
  }

  pinsOf(userId: string): FakePin[] {
    return this.pins.filter((p) => p.userId === userId);
  }

  operationsNamed(name: string): FakeOperation[] {
    return this.operations.filter((o) => o.operationName === name);
  }

  reset(): void {
    this.issued = [];
    this.operations = [];
    this.down = false;
    this.delayMs = 0;
    this.loseAnswersTo.clear();
    this.beforeOperation = null;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return send(200, { data: null, errors: [{ message: 'Bad token', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    const { operationName, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeOperation;
    this.operations.push({ operationName, variables });
    this.beforeOperation?.(operationName);
    try {
      const data = this.execute(operationName, variables ?? {});
      if (this.loseAnswersTo.has(operationName)) {
        req.socket.destroy();
        return;
      }
      send(200, { data });
    } catch (err) {
      if (!(err instanceof GraphQLFailure)) throw err;
      send(200, { data: null, errors: [{ message: err.message, extensions: { code: err.code } }] });
    }
  }

  private execute(operationName: string, v: Record<string, unknown>): unknown {
    switch (operationName) {
      case 'SlackUser': {
        this.checkSite(v.siteId);
        const user = this.users.find((u) => u.slackUserId === v.slackUserId);
        return { userBySlackId: user ? { id: user.id, name: user.name, pins: this.pinsOf(user.id).map(publicPin) } : null };
      }
      case 'SiteAdmins':
        this.checkSite(v.siteId);
        return {
          site: {
            name: this.siteName,
            users: this.users
              .filter((u) => u.slackUserId !== null)
              .map((u) => ({ name: u.name, role: u.role, slackUserId: u.slackUserId })),
          },
        };
      case 'AssignPin': {
        const input = v.input as { userId: string; kind: Kind };
        if (!this.users.some((u) => u.id === input.userId)) throw new GraphQLFailure('NOT_FOUND', 'No such user');
        if (this.pinsOf(input.userId).some((p) => p.kind === input.kind && p.status === 'ACTIVE')) {
          throw new GraphQLFailure('PIN_ALREADY_ASSIGNED', 'The user already has an active PIN of that kind');
        }
        return { assignPin: this.issue(input.userId, input.kind) };
      }
      case 'ReassignPin': {
        const old = this.pins.find((p) => p.id === (v.input as { pinId: string }).pinId);
        if (!old || old.status !== 'ACTIVE') throw new GraphQLFailure('NOT_FOUND', 'No such active PIN');
        old.status = 'REPLACED';
        return { reassignPin: this.issue(old.userId, old.kind) };
      }
      case 'BlockPin': {
        const pin = this.pins.find((p) => p.id === v.pinId);
        if (!pin) throw new GraphQLFailure('NOT_FOUND', 'No such PIN');
        if (pin.status === 'ACTIVE') {
          pin.status = 'BLOCKED';
          pin.blockedAt = new Date().toISOString();
        }
        return { blockPin: { id: pin.id, status: pin.status, blockedAt: pin.blockedAt } };
      }
      case 'SignInLink': {
        const user = this.users.find((u) => u.id === v.userId);
        if (!user) throw new GraphQLFailure('NOT_FOUND', 'No such user');
        if (user.slackUserId === null) throw new GraphQLFailure('FORBIDDEN', 'Not a Slack-linked user');
        const minutes = (v.expiresInMinutes as number | undefined) ?? 60;
        if (minutes < 1 || minutes > 60) throw new GraphQLFailure('BAD_USER_INPUT', 'expiresInMinutes must be from 1 to 60');
        const url = `https://pins.example.test/sign-in#code=${randomBytes(16).toString('base64url')}`;
        this.linkUrls.push(url);
        return { createSignInLink: { url, expiresAt: new Date(Date.now() + minutes * 60_000).toISOString() } };
      }
      default:
        throw new GraphQLFailure('BAD_USER_INPUT', `Unknown operation ${operationName}`);
    }
  }

  private checkSite(siteId: unknown): void {
    if (siteId !== this.siteId) throw new GraphQLFailure('FORBIDDEN', 'Not your site');
  }

  private issue(userId: string, kind: Kind): { code: string; pin: { id: string; kind: Kind; status: Status } } {
    const pin = this.addPin(userId, kind);
    const code = String(randomInt(100_000, 1_000_000));
    this.issued.push({ pinId: pin.id, code });
    this.issuedCodes.push(code);
    return { code, pin: { id: pin.id, kind: pin.kind, status: pin.status } };
  }
}

function publicPin(p: FakePin) {
  return { id: p.id, kind: p.kind, status: p.status, length: p.length, createdAt: p.createdAt, blockedAt: p.blockedAt };
}
