import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { AppOptions } from '../../src/app';
import type { TestDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/test-app';

/** Short periods so the suite sees heartbeats, head checks and revocations quickly. */
export const FAST: AppOptions = {
  ws: { heartbeatMs: 300 },
  eventStreams: { headCheckMs: 250, gapGraceMs: 100, pageSize: 50 },
};

/** A PinGate node like startTestApp's, with app options (periods) of the test's choosing. */
export const startNode = (db: TestDatabase, extraEnv: Record<string, string>, pepper: string, options: AppOptions = FAST): Promise<TestApp> =>
  startTestApp(db, extraEnv, pepper, options);

export const newPepper = (): string => randomBytes(32).toString('hex');

export const wsUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');

interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/** What one subscription received: `next` payloads, and its `error` / `complete` if any. */
export interface Received {
  next: Array<{ data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }>;
  error: Array<{ message: string; extensions?: { code?: string } }> | null;
  complete: boolean;
}

/**
 * A graphql-transport-ws client written out by hand, so tests see every frame: close codes, raw
 * text, server pings (heartbeats).
 */
export class WsProbe {
  readonly raw: string[] = [];
  readonly pings: any[] = [];
  readonly subs = new Map<string, Received>();
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly acked: Promise<boolean>;
  private readonly socket: WebSocket;

  constructor(url: string, token: string | null, extraParams: Record<string, unknown> = {}) {
    this.socket = new WebSocket(wsUrl(url), 'graphql-transport-ws');
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.acked = new Promise((resolve) => {
      this.socket.once('close', () => resolve(false));
      this.socket.on('message', (data) => {
        const text = String(data);
        this.raw.push(text);
        const msg = JSON.parse(text) as Message;
        if (msg.type === 'connection_ack') resolve(true);
        else if (msg.type === 'ping') {
          this.pings.push(msg.payload);
          this.send({ type: 'pong' });
        } else if (msg.id) this.onOperationMessage(msg);
      });
    });
    this.socket.once('open', () => {
      this.send({ type: 'connection_init', payload: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extraParams } });
    });
    this.socket.on('error', () => undefined);
  }

  /** Starts an operation; its messages collect in `subs.get(id)`. */
  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): Received {
    const received: Received = { next: [], error: null, complete: false };
    this.subs.set(id, received);
    this.send({ type: 'subscribe', id, payload: { query, variables } });
    return received;
  }

  complete(id: string): void {
    this.send({ type: 'complete', id });
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The event ids (`data.<field>.id`) of a subscription's `next` messages, in order. */
  ids(id: string, field: string): string[] {
    return (this.subs.get(id)?.next ?? []).filter((n) => n.data?.[field]).map((n) => n.data[field].id as string);
  }

  close(): void {
    this.socket.close(1000, 'test done');
  }

  private send(msg: Message): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  private onOperationMessage(msg: Message): void {
    const r = this.subs.get(msg.id as string);
    if (!r) return;
    if (msg.type === 'next') r.next.push(msg.payload);
    else if (msg.type === 'error') r.error = msg.payload;
    else if (msg.type === 'complete') r.complete = true;
  }
}

/** Opens a probe and waits for `connection_ack`; throws when the server closes it instead. */
export async function connected(url: string, token: string): Promise<WsProbe> {
  const probe = new WsProbe(url, token);
  if (!(await probe.acked)) throw new Error(`socket closed before ack: ${JSON.stringify(await probe.closed)}`);
  return probe;
}

export const PIN_EVENTS = `subscription($siteId: ID!, $after: ID) { pinEvents(siteId: $siteId, after: $after) { id type reason at user { id } pin { id status } lock { id } } }`;
export const LOCK_EVENTS = `subscription($lockId: ID!, $after: ID) { lockEvents(lockId: $lockId, after: $after) { id type reason at user { id } pin { id } lock { id } } }`;

export const SITE_ALERTS = `subscription($siteId: ID!, $after: ID) { siteAlerts(siteId: $siteId, after: $after) { id type reason at failedAttempts lock { id name } } }`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it passes or `timeoutMs` is up (then throws its last failure). */
export async function waitFor(check: () => void, timeoutMs = 5000, everyMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await sleep(everyMs);
    }
  }
}
