import { startTwoNodes } from '../support/cluster';
import { gql, gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';
import { access, counter, door, wrongPin, type Door } from './access.support';

const LOCKOUT = `query($id: ID!) { site(id: $id) { locks { id lockout { lockedOut until failures } } } }`;
const CLEAR_LOCKOUT = `mutation($lockId: ID!) { clearLockout(lockId: $lockId) }`;
const CLEAR_SITE = `mutation($siteId: ID!) { clearSiteHardening(siteId: $siteId) }`;
const STAGES = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { pinPolicy { dailyFailureBudget siteLockdownBudget } } }`;

describe('the daily lockout stages on two API nodes sharing PostgreSQL and Redis', () => {
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  let d: Door;
  const locks: string[] = [];
  let ok = false;

  beforeAll(async () => {
    const nodes = await startTwoNodes();
    ok = nodes !== null;
    if (!nodes) return;
    ({ a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a, { name: 'Guessed site' });
    d = await door(a.url, s);
    locks.push(d.lockId);
    for (let i = 0; i < 6; i++) {
      const { createLock } = await gqlOk(a.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: `Door ${i}` } }, s.adminToken);
      await gqlOk(a.url, op.GRANT, { input: { userId: d.userId, lockId: createLock.id } }, s.adminToken);
      locks.push(createLock.id);
    }
    const { updatePinPolicy } = await gqlOk(a.url, STAGES, { siteId: s.siteId, input: { dailyFailureBudget: 3, siteLockdownBudget: 2 } }, s.adminToken);
    expect(updatePinPolicy.pinPolicy).toEqual({ dailyFailureBudget: 3, siteLockdownBudget: 2 });
  }, 60_000);

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  const events = async (type: string) => {
    await a.app.core.recorder.flush();
    await b.app.core.recorder.flush();
    const rows = (await a.app.core.db.fork().execute('select type, reason, lock_id, actor_id from pin_event where site_id = ? and type = ? order by seq', [s.siteId, type])) as Array<{
      type: string;
      reason: string | null;
      lock_id: string | null;
      actor_id: string | null;
    }>;
    return rows.map((r) => ({ type: r.type, reason: r.reason, lock: r.lock_id ? { id: r.lock_id } : null, actor: r.actor_id }));
  };

  it('hardens the site once over both nodes, then shuts every keypad, and admins clear it', async () => {
    if (!ok) return;
    const hardenedBefore = (await counter(a.app, 'pingate_sites_hardened')) + (await counter(b.app, 'pingate_sites_hardened'));
    // Failures at different doors on alternating nodes: the third spends the daily budget.
    for (let i = 0; i < 3; i++) expect((await access(i % 2 ? b.url : a.url, d.bridgeToken, locks[i + 1], wrongPin(d.code, i))).reason).toBe('INVALID_PIN');
    const hardened = await events('SITE_HARDENED');
    expect(hardened).toHaveLength(1);
    expect(hardened[0].reason).toMatch(/^failures=3;until=\d{10}$/);
    expect(hardened[0].reason).not.toContain(d.code);
    expect((await counter(a.app, 'pingate_sites_hardened')) + (await counter(b.app, 'pingate_sites_hardened'))).toBe(hardenedBefore + 1);
    // Hardened: the door that failed is shut for the rest of the day, a right PIN elsewhere still opens.
    const third = await access(a.url, d.bridgeToken, locks[3], d.code);
    expect(third.reason).toBe('LOCKED_OUT');
    expect(third.retryAfterSeconds).toBeGreaterThan(86_000);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    // Two more failures reach the last stage: every keypad answers LOCKED_OUT, even to a right PIN, with no PIN check.
    expect((await access(b.url, d.bridgeToken, locks[4], wrongPin(d.code, 4))).reason).toBe('INVALID_PIN');
    expect((await access(a.url, d.bridgeToken, locks[5], wrongPin(d.code, 5))).reason).toBe('INVALID_PIN');
    for (const node of [a, b]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    expect(await events('SITE_HARDENED')).toHaveLength(1);

    const { site } = await gqlOk(b.url, LOCKOUT, { id: s.siteId }, s.adminToken);
    const byId = new Map<string, { lockedOut: boolean; until: string | null; failures: number }>(site.locks.map((l: { id: string; lockout: never }) => [l.id, l.lockout]));
    expect(byId.get(d.lockId)?.lockedOut).toBe(true);
    expect(byId.get(locks[1])).toMatchObject({ lockedOut: true, failures: 1 });

    // A user is not an admin; another site's admin does not see the lock.
    expect((await gql(a.url, CLEAR_SITE, { siteId: s.siteId }, d.userToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await seedSite(a, { name: 'Other site' });
    expect((await gql(a.url, CLEAR_LOCKOUT, { lockId: d.lockId }, other.adminToken)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(a.url, LOCKOUT, { id: s.siteId }, d.userToken)).errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);

    expect(await gqlOk(a.url, CLEAR_SITE, { siteId: s.siteId }, s.adminToken)).toEqual({ clearSiteHardening: true });
    for (const node of [a, b]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    // The doors the hardening shut stay shut until cleared one by one.
    expect((await access(b.url, d.bridgeToken, locks[3], d.code)).reason).toBe('LOCKED_OUT');
    expect(await gqlOk(b.url, CLEAR_LOCKOUT, { lockId: locks[3] }, s.adminToken)).toEqual({ clearLockout: true });
    expect((await access(a.url, d.bridgeToken, locks[3], d.code)).reason).toBe('GRANTED');
    const cleared = [...(await events('SITE_HARDENING_CLEARED')), ...(await events('LOCKOUT_CLEARED'))];
    expect(cleared.map((e) => [e.type, e.lock?.id ?? null])).toEqual([
      ['SITE_HARDENING_CLEARED', null],
      ['LOCKOUT_CLEARED', locks[3]],
    ]);
  }, 60_000);
});
