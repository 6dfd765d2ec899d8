import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to Slack: a Web API method, or a post to a response_url ("response_url"). */
export interface SlackCall {
  method: string;
  /** Form fields (JSON-looking ones parsed) or the JSON body. */
  params: Record<string, unknown>;
  /** The decoded request body, as sent. */
  raw: string;
  path: string;
  /** What the fake answered. */
  response?: unknown;
}

const decodeForm = (raw: string): Record<string, unknown> =>
  Object.fromEntries(
    [...new URLSearchParams(raw)].map(([k, v]) => {
      if (/^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v) as unknown];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );

/**
 * A fake Slack Web API on 127.0.0.1:0 (`apiUrl` for SLACK_API_URL) that records every call and
 * answers like Slack; it also receives the posts made to response URLs (`responseUrl()`).
 */
export class FakeSlack {
  /** Every call since start, never reset: the leak checks read it. */
  readonly allCalls: SlackCall[] = [];
  calls: SlackCall[] = [];
  /** When set, views.open answers `{ ok: false, error }`. */
  failViewsOpen: string | null = null;
  private server: Server | null = null;
  private tsCounter = 0;
  private responseCounter = 0;

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeSlack is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url served by this fake. */
  responseUrl(): string {
    this.responseCounter += 1;
    return `${this.url}/respond/hooks-${'abcdefghij'[this.responseCounter % 10]}${this.responseCounter.toString(36)}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls = [];
    this.failViewsOpen = null;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const json = (req.headers['content-type'] ?? '').includes('application/json');
    const params = json ? (JSON.parse(text || '{}') as Record<string, unknown>) : decodeForm(text);
    const raw = json ? text : [...new URLSearchParams(text)].map(([k, v]) => `${k}=${v}`).join('&');
    const path = req.url ?? '/';
    const method = path.startsWith('/respond/') ? 'response_url' : path.replace(/^\/api\//, '').split('?')[0]!;
    const call: SlackCall = { method, params, raw, path };
    this.calls.push(call);
    this.allCalls.push(call);
    const send = (body: unknown) => {
      call.response = body;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (method) {
      case 'response_url':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      case 'auth.test':
        return send({ ok: true, user_id: 'UBOTUSER', bot_id: 'BBOT', team_id: 'TPINGATE' });
      case 'conversations.open':
        return send({ ok: true, channel: { id: `D${String(params.users ?? 'X')}` } });
      case 'chat.postMessage':
      case 'chat.update':
        this.tsCounter += 1;
        return send({
          ok: true,
          channel: params.channel,
          ts: method === 'chat.update' ? params.ts : `1700000000.${String(this.tsCounter).padStart(6, '0')}`,
        });
      case 'views.open':
        if (this.failViewsOpen) return send({ ok: false, error: this.failViewsOpen });
        return send({ ok: true, view: { id: 'VMODAL' } });
      default:
        return send({ ok: true });
    }
  }
}
