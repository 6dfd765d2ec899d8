import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessClient } from '../../bots/bridge/access.client';
import { AccessError, ApiClient } from '../../bots/bridge/api.client';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A loopback HTTP server answering every request with `handler`; counts requests. */
async function fakeApi(handler: Handler): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => handler(req, res));
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    hits: () => hits,
    close: () => new Promise((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}

const json = (status: number, body: unknown): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const decision = { data: { lockAccess: { granted: true, reason: 'GRANTED', retryAfterSeconds: null, decidedAt: '2026-11-30T10:00:00.000Z' } } };

describe('the bridge API client', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const serve = async (h: Handler) => {
    const s = await fakeApi(h);
    servers.push(s);
    return s;
  };
  const unreachable = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AccessError);
    expect((err as AccessError).code).toBe('UNAVAILABLE');
  };

  it('gives up within the online timeout on a node that never answers (UNAVAILABLE)', async () => {
    const silent = await serve(() => undefined);
    await unreachable(new AccessClient([silent.url], 'pgt_x', 'L', 300).check('123456'));
    expect(silent.hits()).toBe(1);
  });

  it('counts a node that answers 5xx or INTERNAL_SERVER_ERROR as unavailable and moves to the next URL', async () => {
    const broken = await serve(json(503, { errors: [{ message: 'down' }] }));
    const failing = await serve(json(200, { errors: [{ message: 'db down', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    const good = await serve(json(200, decision));
    await unreachable(new AccessClient([broken.url, failing.url], 'pgt_x', 'L', 2000).check('123456'));
    expect(await new AccessClient([broken.url, failing.url, good.url], 'pgt_x', 'L', 2000).check('123456')).toMatchObject({ granted: true });
  });

  it('passes a refusal through without trying elsewhere, and tells reachability apart', async () => {
    const refusing = await serve(json(200, { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }));
    const good = await serve(json(200, decision));
    const seen: string[] = [];
    const api = new ApiClient([refusing.url, good.url], 'pgt_x', { onAnswer: () => void seen.push('answer'), onUnreachable: () => void seen.push('unreachable') });
    await expect(new AccessClient(api, 'pgt_x', 'L', 2000).check('123456')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(good.hits()).toBe(0);
    const down = await serve(json(502, 'bad gateway'));
    await unreachable(new AccessClient(new ApiClient([down.url], 'pgt_x', { onAnswer: () => void seen.push('answer'), onUnreachable: () => void seen.push('unreachable') }), 'pgt_x', 'L', 2000).check('1'));
    expect(seen).toEqual(['answer', 'unreachable']);
  });
});
