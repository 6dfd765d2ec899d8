import { gqlOk } from '../support/graphql.client';
import type { PrivateRedis } from '../support/private-redis';
import type { TcpProxy } from '../support/tcp.proxy';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { startOutagePair, type OutagePair } from '../support/outage-pair.support';
import * as op from '../e2e/domain.operations';
import { access, door } from './access.support';

const STAGES = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { id } }`;
const CLEAR_SITE = `mutation($siteId: ID!) { clearSiteHardening(siteId: $siteId) }`;

describe('the daily lockout stages while Redis is down for one node', () => {
  let pair: OutagePair | null = null;
  let redis: PrivateRedis | null = null;
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  let s: SeededSite;
  let ok = false;

  beforeAll(async () => {
    pair = await startOutagePair();
    ok = pair !== null;
    if (!pair) return;
    ({ redis, proxy, a, b } = pair);
    s = await seedSite(a);
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('hardens a site with failures counted in Redis and in the database, once, and the last stage holds on both sides until cleared', async () => {
    if (!ok || !redis) return;
    const d = await door(a.url, s);
    const locks: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { createLock } = await gqlOk(a.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: `Door ${i}` } }, s.adminToken);
      locks.push(createLock.id);
    }
    await gqlOk(a.url, STAGES, { siteId: s.siteId, input: { dailyFailureBudget: 3, siteLockdownBudget: 2 } }, s.adminToken);
    for (const lockId of locks.slice(0, 2)) expect((await access(b.url, d.bridgeToken, lockId, '000000')).reason).toBe('INVALID_PIN');
    proxy.cut();
    try {
      // Node a counts in the database, which holds Redis's two failures: its first failure hardens the site.
      for (const lockId of locks.slice(2, 5)) expect((await access(a.url, d.bridgeToken, lockId, '000000')).reason).toBe('INVALID_PIN');
      expect((await access(a.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    } finally {
      proxy.restore();
    }
    await new Promise((r) => setTimeout(r, 1500));
    // Redis merges what the database counted: the last stage holds on the node that never lost it.
    for (const node of [b, a]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    await a.app.core.recorder.flush();
    await b.app.core.recorder.flush();
    const hardened = await a.app.core.db.fork().execute("select reason from pin_event where site_id = ? and type = 'SITE_HARDENED'", [s.siteId]);
    expect(hardened).toEqual([{ reason: expect.stringMatching(/^failures=3;until=\d{10}$/) }]);
    await gqlOk(a.url, CLEAR_SITE, { siteId: s.siteId }, s.adminToken);
    for (const node of [b, a]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
  }, 30_000);
});
