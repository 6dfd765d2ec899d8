import { randomInt, randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A socket that never throws an unheard 'error' event: graphql-ws stops listening once a client is
 * disposed, and a connection refused after that (stopping while the API is unreachable) would
 * otherwise crash the bridge. The client still hears every error while it follows.
 */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => undefined);
  }
}
import { LockEventsDocument, type LockEventsSubscription } from '../gql/graphql';

export type LockEvent = LockEventsSubscription['lockEvents'];

/** Where the follower keeps its cursor (a CursorFile, or memory in tests). */
export interface CursorStore {
  read(): string | null;
  write(after: string): void;
  /** Forgets the cursor: the next subscription follows from now. */
  clear(): void;
}

/** The payload of PinGate's heartbeat ping (bots/bridge/README.md). */
interface Heartbeat {
  intervalMs: number;
  subscriptions: Record<string, { last: string | null; through: string; head: string }>;
}

export interface EventFollowerOptions {
  /** The API's /graphql URLs (http or ws); the follower moves to the next one when a connection fails. */
  urls: readonly string[];
  token: string;
  lockId: string;
  cursor: CursorStore;
  /** Called once per event, in order, duplicates already dropped; the cursor is saved after it returns. */
  onEvent: (event: LockEvent) => void | Promise<void>;
  /** Every `next` as it arrives, duplicates included (tests count them). */
  onDelivery?: (event: LockEvent) => void;
  /** Progress and trouble, one line each, for the operator. */
  onStatus?: (line: string) => void;
  /** The follower gave up: the token was refused or the lock is not in its scope. */
  onFatal?: (reason: string) => void;
  /** First back-off after a failure; doubles up to `maxBackoffMs`, with jitter. Default 250 ms. */
  backoffMs?: number;
  /** Default 10 000 ms. */
  maxBackoffMs?: number;
  /** Silence (no event, no heartbeat) after which the connection is presumed dead, until a heartbeat gives the server's period. Default 30 000 ms. */
  silenceMs?: number;
}

type Ending = { kind: 'retry'; why: string; progressed: boolean } | { kind: 'fatal'; why: string } | { kind: 'stopped' };

const FATAL_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);
const FATAL_CLOSE = new Set([4401, 4403]);

const toWs = (url: string): string => url.replace(/^http/, 'ws');

/**
 * Follows `lockEvents` of one lock for as long as it runs: resumes from its cursor after every
 * disconnect (with back-off, moving to the next URL), drops events at or below the cursor (a resume
 * may repeat a few), and restarts when PinGate's heartbeat says an event was sent that never arrived.
 * A cursor the server answers CURSOR_EXPIRED to (retention deleted what follows it) is dropped, and
 * the follower goes on from now.
 */
export class EventFollower {
  private stopped = false;
  private current: { client: Client; end: (e: Ending) => void } | null = null;
  private readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(private readonly options: EventFollowerOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Runs until `stop()` or a fatal refusal; resolves then. */
  start(): Promise<void> {
    void this.run();
    return this.done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.end({ kind: 'stopped' });
    await this.done;
  }

  private async run(): Promise<void> {
    const { urls } = this.options;
    let failures = 0;
    let index = 0;
    while (!this.stopped) {
      const ending = await this.followOnce(toWs(urls[index % urls.length]));
      if (ending.kind === 'stopped') break;
      if (ending.kind === 'fatal') {
        this.options.onFatal?.(ending.why);
        break;
      }
      failures = ending.progressed ? 0 : failures + 1;
      if (!ending.progressed) index++;
      const base = Math.min(this.options.maxBackoffMs ?? 10_000, (this.options.backoffMs ?? 250) * 2 ** Math.min(failures, 16));
      const wait = Math.round(base * (0.5 + randomInt(1000) / 2000));
      this.options.onStatus?.(`disconnected (${ending.why}); resuming in ${wait} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
    this.resolveDone();
  }

  /** One connection and one subscription, from the saved cursor; resolves when it ends. */
  private followOnce(url: string): Promise<Ending> {
    const { cursor, lockId, token } = this.options;
    const after = cursor.read();
    let operationId = '';
    let lastReceived: string | null = null;
    let progressed = false;
    let silenceMs = this.options.silenceMs ?? 30_000;
    let watchdog: NodeJS.Timeout | null = null;
    let queue: Promise<void> = Promise.resolve();

    return new Promise<Ending>((resolve) => {
      let ended = false;
      const end = (ending: Ending): void => {
        if (ended) return;
        ended = true;
        if (watchdog) clearTimeout(watchdog);
        this.current = null;
        void Promise.resolve().then(() => client.dispose()).catch(() => undefined);
        // Let the events already received be handled (and the cursor saved) before resuming.
        void queue.then(() => resolve(ending.kind === 'retry' ? { ...ending, progressed } : ending));
      };
      const alive = (): void => {
        if (watchdog) clearTimeout(watchdog);
        if (ended) return;
        watchdog = setTimeout(() => end({ kind: 'retry', why: `nothing heard for ${silenceMs} ms`, progressed }), silenceMs);
      };
      const client = createClient({
        url,
        webSocketImpl: QuietWebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: true,
        retryAttempts: 0,
        keepAlive: 10_000,
        generateID: () => (operationId = randomUUID()),
        on: {
          connected: () => {
            this.options.onStatus?.(`connected to ${url}, following lock ${lockId} ${after ? `after ${after}` : 'from now'}`);
            alive();
          },
          ping: (received, payload) => {
            if (!received || ended) return;
            const beat = (payload as { heartbeat?: Heartbeat } | undefined)?.heartbeat;
            if (!beat) return;
            silenceMs = Math.max(1000, Math.round(beat.intervalMs * 2.5));
            alive();
            const mine = beat.subscriptions[operationId];
            if (!mine) return;
            // `last` may lag behind an event still in flight, never run ahead of what was sent.
            if (mine.last !== null && (lastReceived === null || Number(mine.last) > Number(lastReceived))) {
              end({ kind: 'retry', why: `heartbeat says event ${mine.last} was sent, last received ${lastReceived ?? 'none'}`, progressed: true });
              return;
            }
            // Every event of this lock up to `through` has arrived: resume from there next time.
            queue = queue.then(() => {
              const saved = cursor.read();
              if (saved === null || Number(mine.through) > Number(saved)) cursor.write(mine.through);
            });
          },
        },
      });
      this.current = { client, end };
      if (this.stopped) {
        end({ kind: 'stopped' });
        return;
      }
      client.subscribe<LockEventsSubscription>(
        { query: LockEventsDocument.toString(), variables: { lockId, after } },
        {
          next: (result) => {
            if (ended) return;
            const code = result.errors?.[0]?.extensions?.code;
            if (result.errors?.length) {
              const why = `${String(code ?? 'ERROR')}: ${result.errors[0].message}`;
              if (code === 'CURSOR_EXPIRED') end(this.cursorExpired(after));
              else end(typeof code === 'string' && FATAL_CODES.has(code) ? { kind: 'fatal', why } : { kind: 'retry', why, progressed });
              return;
            }
            const event = result.data?.lockEvents;
            if (!event) return;
            alive();
            progressed = true;
            lastReceived = event.id;
            this.options.onDelivery?.(event);
            queue = queue.then(() => this.handle(event));
          },
          error: (err) => {
            const close = err as { code?: unknown; reason?: unknown };
            if (typeof close?.code === 'number') {
              const why = `closed ${close.code}${close.reason ? ` ${String(close.reason)}` : ''}`;
              end(FATAL_CLOSE.has(close.code) ? { kind: 'fatal', why } : { kind: 'retry', why, progressed });
              return;
            }
            const errors = Array.isArray(err) ? (err as Array<{ message?: string; extensions?: { code?: unknown } }>) : null;
            const code = errors?.[0]?.extensions?.code;
            if (code === 'CURSOR_EXPIRED') end(this.cursorExpired(after));
            else if (typeof code === 'string' && FATAL_CODES.has(code)) end({ kind: 'fatal', why: `${code}: ${errors?.[0]?.message ?? ''}` });
            else end({ kind: 'retry', why: errors?.[0]?.message ?? (err instanceof Error ? err.message : 'connection failed'), progressed });
          },
          complete: () => end({ kind: 'retry', why: 'the server ended the subscription', progressed }),
        },
      );
    });
  }

  /**
   * The events after the saved cursor are past the server's retention and gone: nothing can be
   * replayed from it, so the cursor is dropped and the next subscription follows from now.
   */
  private cursorExpired(after: string | null): Ending {
    this.options.cursor.clear();
    this.options.onStatus?.(`cursor ${after ?? '(none)'} expired: the events after it are past the server's retention; dropped it, following from now`);
    return { kind: 'retry', why: 'cursor expired', progressed: true };
  }

  /** At-least-once: the event is handled, then the cursor saved; one at or below the cursor is a repeat. */
  private async handle(event: LockEvent): Promise<void> {
    const saved = this.options.cursor.read();
    if (saved !== null && Number(event.id) <= Number(saved)) return;
    await this.options.onEvent(event);
    this.options.cursor.write(event.id);
  }
}
