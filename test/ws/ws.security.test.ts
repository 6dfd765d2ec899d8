import WebSocket from 'ws';
import { occurrencesOf } from '../support/secrets';
import { access, door, wrongPin, type Door } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import { startTwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { connected, FAST, LOCK_EVENTS, PIN_EVENTS, SITE_ALERTS, sleep, waitFor, wsUrl, WsProbe } from './ws.support';

const live = (probe: WsProbe, id: string) => waitFor(() => expect(probe.pings.some((p) => p?.heartbeat?.subscriptions?.[id])).toBe(true));
const codeOf = (errors: Array<{ extensions?: { code?: string } }> | null | undefined) => errors?.[0]?.extensions?.code;

describe('who may follow events over graphql-ws, and what they carry (PostgreSQL + Redis, two nodes)', () => {
  let ok = false;
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  let other: SeededSite;
  let d: Door;
  const probes: WsProbe[] = [];
  const probe = (node: TestApp, token: string | null) => {
    const p = new WsProbe(node.url, token);
    probes.push(p);
    return p;
  };
  const open = async (node: TestApp, token: string) => {
    const p = await connected(node.url, token);
    probes.push(p);
    return p;
  };

  beforeAll(async () => {
    const nodes = await startTwoNodes(FAST);
    ok = nodes !== null;
    if (!nodes) return;
    ({ a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a);
    other = await seedSite(a, { name: 'Elsewhere' });
    d = await door(a.url, s);
  });

  afterEach(() => {
    for (const p of probes.splice(0)) p.close();
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  /** Something happens at the site: a PIN change and a decision. */
  async function activity(): Promise<void> {
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
    await access(a.url, d.bridgeToken, d.lockId, d.code);
    await a.app.core.recorder.flush();
  }

  it('closes a socket without a token, or with a bad one, with 4401', async () => {
    if (!ok) return;
    const none = probe(b, null);
    const bad = probe(b, 'pgt_not-a-real-token');
    expect(await none.acked).toBe(false);
    expect(await bad.acked).toBe(false);
    expect((await none.closed).code).toBe(4401);
    expect((await bad.closed).code).toBe(4401);
  });

  it('closes with 4403 a socket whose token may follow no events (a plain user)', async () => {
    if (!ok) return;
    const user = probe(b, d.userToken);
    expect((await user.closed).code).toBe(4403);
  });

  it('lets a service token follow its site’s alerts and nothing else: a lockout, never a PIN change or a decision', async () => {
    if (!ok) return;
    const site = await seedSite(a, { name: 'Alerted' });
    const dd = await door(a.url, site);
    const { createServiceToken } = await gqlOk(a.url, op.SERVICE_TOKEN, { siteId: site.siteId, name: 'slack' }, site.adminToken);
    const service = await open(b, createServiceToken.token);
    const alerts = service.subscribe('alerts', SITE_ALERTS, { siteId: site.siteId });
    const all = service.subscribe('all', PIN_EVENTS, { siteId: site.siteId });
    const atLock = service.subscribe('lock', LOCK_EVENTS, { lockId: dd.lockId });
    const foreign = service.subscribe('foreign', SITE_ALERTS, { siteId: s.siteId });
    const admin = await open(b, site.adminToken);
    const everything = admin.subscribe('everything', PIN_EVENTS, { siteId: site.siteId });
    await live(service, 'alerts');
    await live(admin, 'everything');
    await waitFor(() => expect(all.complete && atLock.complete && foreign.complete).toBe(true));
    expect(codeOf(all.next[0].errors)).toBe('FORBIDDEN');
    expect(codeOf(atLock.next[0].errors)).toBe('FORBIDDEN');
    expect(codeOf(foreign.next[0].errors)).toBe('NOT_FOUND');

    await gqlOk(a.url, op.BLOCK, { id: dd.pinId }, site.adminToken);
    await gqlOk(a.url, op.UNBLOCK, { id: dd.pinId }, site.adminToken);
    expect((await access(a.url, dd.bridgeToken, dd.lockId, dd.code)).granted).toBe(true);
    for (let i = 0; i < 5; i++) expect((await access(a.url, dd.bridgeToken, dd.lockId, wrongPin(dd.code, i))).reason).toBe('INVALID_PIN');
    expect((await access(a.url, dd.bridgeToken, dd.lockId, dd.code)).reason).toBe('LOCKED_OUT');
    await a.app.core.recorder.flush();

    await waitFor(() => expect(everything.next.some((n) => n.data?.pinEvents.type === 'LOCKOUT_STARTED')).toBe(true));
    await waitFor(() => expect(alerts.next).toHaveLength(1));
    await sleep(500);
    const lockout = alerts.next[0].data.siteAlerts;
    expect(lockout).toMatchObject({ type: 'LOCKOUT_STARTED', reason: null, failedAttempts: 5, lock: { id: dd.lockId, name: 'Door' } });
    expect(alerts.next).toHaveLength(1);
    // The admin saw the rest happen: PIN changes and decisions the service never received.
    const types = new Set(everything.next.map((n) => n.data?.pinEvents.type));
    for (const t of ['PIN_BLOCKED', 'PIN_UNBLOCKED', 'ACCESS_GRANTED', 'ACCESS_DENIED']) expect(types.has(t)).toBe(true);

    // A replay from the start of the log carries the same one alert.
    const replay = service.subscribe('replay', SITE_ALERTS, { siteId: site.siteId, after: '0' });
    await waitFor(() => expect(replay.next).toHaveLength(1));
    await sleep(300);
    expect(replay.next.map((n) => n.data.siteAlerts.id)).toEqual([lockout.id]);
    expect(occurrencesOf(dd.code, service.raw.join('\n'))).toEqual([]);
  });

  it('gives nothing to another site’s admin, nor to a bridge outside its lock scope', async () => {
    if (!ok) return;
    const stranger = await open(b, other.adminToken);
    const foreign = stranger.subscribe('foreign', PIN_EVENTS, { siteId: s.siteId });
    const foreignLock = stranger.subscribe('foreignLock', LOCK_EVENTS, { lockId: d.lockId });

    const elsewhere = await door(a.url, s);
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'scoped', lockIds: [elsewhere.lockId] } }, s.adminToken);
    const scoped = await open(b, createBridgeToken.token);
    const outOfScope = scoped.subscribe('out', LOCK_EVENTS, { lockId: d.lockId });
    const siteWide = scoped.subscribe('site', PIN_EVENTS, { siteId: s.siteId });
    await live(scoped, 'site');

    await waitFor(() => {
      expect(foreign.complete && foreignLock.complete && outOfScope.complete).toBe(true);
    });
    expect(codeOf(foreign.next[0].errors)).toBe('NOT_FOUND');
    expect(codeOf(foreignLock.next[0].errors)).toBe('NOT_FOUND');
    expect(codeOf(outOfScope.next[0].errors)).toBe('FORBIDDEN');
    await activity();
    await access(a.url, elsewhere.bridgeToken, elsewhere.lockId, elsewhere.code);
    await a.app.core.recorder.flush();
    await waitFor(() => expect(siteWide.next.length).toBe(1));
    await sleep(500);
    for (const r of [foreign, foreignLock, outOfScope]) expect(r.next.filter((n) => n.data)).toEqual([]);
    // A scoped bridge following the whole site sees the events at its own locks only.
    expect(siteWide.next.map((n) => [n.data.pinEvents.type, n.data.pinEvents.lock.id])).toEqual([['ACCESS_GRANTED', elsewhere.lockId]]);
  });

  it('refuses queries and mutations sent over WebSocket, with the HTTP error mapping', async () => {
    if (!ok) return;
    const p = await open(b, s.adminToken);
    const query = p.subscribe('q', `{ me { id } }`);
    const mutation = p.subscribe('m', op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 1 } });
    const lockAccess = p.subscribe('l', `query($l: ID!, $p: String!) { lockAccess(lockId: $l, pin: $p) { granted } }`, { l: d.lockId, p: d.code });
    await waitFor(() => expect(query.error && mutation.error && lockAccess.error).toBeTruthy());
    for (const r of [query, mutation, lockAccess]) {
      expect(codeOf(r.error)).toBe('BAD_USER_INPUT');
      expect(r.error?.[0].message).toMatch(/only subscriptions/i);
      expect(r.next).toEqual([]);
    }
    const { site } = await gqlOk(a.url, op.SITE, { id: s.siteId }, s.adminToken);
    expect(site.pinPolicy).toBeDefined();
    expect(occurrencesOf(d.code, p.raw.join('\n'))).toEqual([]);
  });

  it('applies the HTTP validation rules: aliases, nested lists, unknown fields without suggestions, bad variables without their value', async () => {
    if (!ok) return;
    const p = await open(b, s.adminToken);
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(' ');
    const many = p.subscribe('aliases', `subscription($s: ID!) { pinEvents(siteId: $s) { ${aliases} } }`, { s: s.siteId });
    const unknown = p.subscribe('unknown', `subscription($s: ID!) { pinEvents(siteId: $s) { ide } }`, { s: s.siteId });
    const fanOut = p.subscribe('fan-out', `subscription($s: ID!, $n: Int) { pinEvents(siteId: $s) { lock { permissions(first: $n) { user { pins { id } permissions { id } sessions { id } } } } } }`, { s: s.siteId, n: 1000 });
    const badCursor = p.subscribe('cursor', PIN_EVENTS, { siteId: s.siteId, after: 'x-123456' });
    const future = p.subscribe('future', PIN_EVENTS, { siteId: s.siteId, after: '99999999' });
    await waitFor(() => expect(many.error && unknown.error && fanOut.error && (badCursor.complete || badCursor.error) && future.complete).toBeTruthy());
    expect(codeOf(many.error)).toBe('BAD_USER_INPUT');
    expect(codeOf(fanOut.error)).toBe('BAD_USER_INPUT');
    expect(fanOut.error?.map((e) => e.message)).toEqual([expect.stringMatching(/^This operation could return about 302,002 objects/)]);
    expect(codeOf(unknown.error)).toBe('BAD_USER_INPUT');
    expect(unknown.error?.[0].message).not.toMatch(/did you mean/i);
    expect(codeOf(badCursor.next[0]?.errors ?? badCursor.error)).toBe('BAD_USER_INPUT');
    expect(codeOf(future.next[0].errors)).toBe('BAD_USER_INPUT');
  });

  it('closes the sockets of a revoked token within a second, on another node too', async () => {
    if (!ok) return;
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'to revoke' } }, s.adminToken);
    const onA = await open(a, createBridgeToken.token);
    const onB = await open(b, createBridgeToken.token);
    onA.subscribe('x', PIN_EVENTS, { siteId: s.siteId });
    onB.subscribe('x', PIN_EVENTS, { siteId: s.siteId });
    await Promise.all([live(onA, 'x'), live(onB, 'x')]);
    const revokedAt = Date.now();
    await gqlOk(a.url, op.REVOKE_TOKEN, { id: createBridgeToken.id }, s.adminToken);
    const [closedA, closedB] = await Promise.all([onA.closed, onB.closed]);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    expect(closedA.code).toBe(4403);
    expect(closedB.code).toBe(4403);
    expect((await probe(b, createBridgeToken.token).closed).code).toBe(4401);
  });

  it('never carries PIN digits or digests in events, right or wrong', async () => {
    if (!ok) return;
    const admin = await open(b, s.adminToken);
    const bridge = await open(b, d.bridgeToken);
    admin.subscribe('site', PIN_EVENTS, { siteId: s.siteId });
    bridge.subscribe('lock', LOCK_EVENTS, { lockId: d.lockId });
    await Promise.all([live(admin, 'site'), live(bridge, 'lock')]);
    const codes = [d.code];
    const { reassignPin } = await gqlOk(a.url, op.REASSIGN, { input: { pinId: d.pinId } }, s.adminToken);
    codes.push(reassignPin.code);
    const wrong = [wrongPin(reassignPin.code, 1), wrongPin(reassignPin.code, 2)];
    for (const pin of [reassignPin.code, ...wrong, d.code]) await access(b.url, d.bridgeToken, d.lockId, pin);
    await a.app.core.recorder.flush();
    await b.app.core.recorder.flush();
    await waitFor(() => expect(bridge.subs.get('lock')!.next.length).toBeGreaterThanOrEqual(5));
    await waitFor(() => expect(admin.subs.get('site')!.next.length).toBeGreaterThanOrEqual(5));
    for (const raw of [admin.raw.join('\n'), bridge.raw.join('\n')]) {
      for (const digits of [...codes, ...wrong]) expect(occurrencesOf(digits, raw)).toEqual([]);
      expect(raw).not.toMatch(/digest/i);
    }
  });

  it('refuses a message over 64 kB and a socket that never says connection_init', async () => {
    if (!ok) return;
    const p = await open(b, s.adminToken);
    p.sendRaw(JSON.stringify({ type: 'subscribe', id: 'big', payload: { query: `subscription { pinEvents(siteId: "${'x'.repeat(70_000)}") { id } }` } }));
    expect((await p.closed).code).toBe(1009);

    const silent = new WebSocket(wsUrl(b.url), 'graphql-transport-ws');
    const started = Date.now();
    const code = await new Promise<number>((resolve) => silent.once('close', (c) => resolve(c)));
    expect(code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
  });
});
