import WebSocket from 'ws';

export interface WsFanoutOptions {
  /** Node A, where the events are made (http://.../graphql). */
  urlA: string;
  /** Node B, where every subscriber is connected. */
  urlB: string;
  /** Makes the events: `updatePinPolicy(siteId, {})` changes nothing and appends POLICY_UPDATED. */
  adminToken: string;
  /** The subscribers' token: an unscoped bridge token, so it sees site-wide events. */
  bridgeToken: string;
  siteId: string;
  subscribers?: number;
  /** Measured events, one at a time, `gapMs` apart. Default 20. */
  events?: number;
  gapMs?: number;
}

export interface WsFanoutResult {
  /** From the event's `at` (stamped by node A just before its commit) to its arrival at a subscriber. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  received: number;
  expected: number;
  /** Time to open every socket and subscription. */
  connectMs: number;
}

const SUBSCRIPTION = 'subscription($s: ID!) { pinEvents(siteId: $s) { id at } }';
const POLICY = 'mutation($s: ID!) { updatePinPolicy(siteId: $s, input: {}) { id } }';

interface Subscriber {
  socket: WebSocket;
  /** event id -> latency in ms */
  got: Map<string, number>;
}

function subscribe(url: string, token: string, siteId: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const sub: Subscriber = { socket, got: new Map() };
    const timer = setTimeout(() => reject(new Error('subscriber: no connection_ack within 10 s')), 10_000);
    socket.on('error', reject);
    socket.once('close', (code) => reject(new Error(`subscriber closed ${code}`)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const now = Date.now();
      const msg = JSON.parse(String(data)) as { type: string; payload?: any };
      if (msg.type === 'next') {
        const e = msg.payload?.data?.pinEvents;
        if (e) sub.got.set(e.id, now - Date.parse(e.at));
      } else if (msg.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: SUBSCRIPTION, variables: { s: siteId } } }));
        resolve(sub);
      }
    });
  });
}

async function makeEvent(url: string, token: string, siteId: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: POLICY, variables: { s: siteId } }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`updatePinPolicy failed: ${JSON.stringify(body.errors)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

/**
 * Phase (e) of `npm run bench`: `subscribers` graphql-ws sockets on node B follow `pinEvents`; node A
 * makes one event at a time; each arrival's latency is measured from the event's own timestamp.
 * Warm-up events are made until every subscriber has one (all are live), then `events` are measured.
 */
export async function wsFanoutPhase(opts: WsFanoutOptions): Promise<WsFanoutResult> {
  const count = opts.subscribers ?? 1000;
  const events = opts.events ?? 20;
  const gapMs = opts.gapMs ?? 250;
  const started = Date.now();
  const subs: Subscriber[] = [];
  try {
    for (let i = 0; i < count; i += 50) {
      subs.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, () => subscribe(opts.urlB, opts.bridgeToken, opts.siteId)))));
    }
    const connectMs = Date.now() - started;

    const warmUntil = Date.now() + 30_000;
    while (!subs.every((s) => s.got.size > 0)) {
      if (Date.now() > warmUntil) throw new Error(`only ${subs.filter((s) => s.got.size > 0).length}/${count} subscribers live after 30 s`);
      await makeEvent(opts.urlA, opts.adminToken, opts.siteId);
      await sleep(200);
    }
    await sleep(500);
    for (const s of subs) s.got.clear();

    for (let i = 0; i < events; i++) {
      await makeEvent(opts.urlA, opts.adminToken, opts.siteId);
      await sleep(gapMs);
    }
    const settle = Date.now() + 5000;
    while (Date.now() < settle && subs.some((s) => s.got.size < events)) await sleep(50);

    const latencies = subs.flatMap((s) => [...s.got.values()]).sort((x, y) => x - y);
    return {
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? NaN,
      received: latencies.length,
      expected: count * events,
      connectMs,
    };
  } finally {
    for (const s of subs) {
      s.socket.removeAllListeners('close');
      s.socket.on('error', () => undefined);
      s.socket.close(1000);
    }
  }
}
