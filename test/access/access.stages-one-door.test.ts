import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gql, gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { access, door, wrongPin } from './access.support';

const STAGES = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { id } }`;
const LOCKOUT = `query($id: ID!) { site(id: $id) { locks { id lockout { lockedOut until failures } } } }`;
const RISK = `query($id: ID!) { site(id: $id) { guessingRisk { hardened lockedOutLocks } } }`;
const CLEAR_LOCKOUT = `mutation($lockId: ID!) { clearLockout(lockId: $lockId) }`;

describe('the daily lockout stages at one door (embedded: SQLite, no Redis)', () => {
  let db: TestDatabase;
  let app: TestApp;
  let s: SeededSite;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startTestApp(db);
    s = await seedSite(app);
  });

  afterAll(async () => {
    await app.stop();
    await db.drop();
  });

  it('refuses daily budgets outside 1..10000', async () => {
    for (const input of [{ dailyFailureBudget: 0 }, { siteLockdownBudget: 0 }, { dailyFailureBudget: 10_001 }]) {
      const res = await gql(app.url, STAGES, { siteId: s.siteId, input }, s.adminToken);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('shuts a door guessed at alone for the rest of the day once the daily budget is spent, until an admin clears it', async () => {
    const d = await door(app.url, s);
    // Daily budget 7 with 5 failures per lockout: the first lockout, then two more failures harden the site.
    await gqlOk(app.url, STAGES, { siteId: s.siteId, input: { dailyFailureBudget: 7, lockoutSeconds: 1 } }, s.adminToken);
    for (let i = 0; i < 5; i++) expect((await access(app.url, d.bridgeToken, d.lockId, wrongPin(d.code, i))).reason).toBe('INVALID_PIN');
    expect((await access(app.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 5; i < 7; i++) expect((await access(app.url, d.bridgeToken, d.lockId, wrongPin(d.code, i))).reason).toBe('INVALID_PIN');
    const shut = await access(app.url, d.bridgeToken, d.lockId, d.code);
    expect(shut.reason).toBe('LOCKED_OUT');
    expect(shut.retryAfterSeconds).toBeGreaterThan(86_000);
    const { site } = await gqlOk(app.url, LOCKOUT, { id: s.siteId }, s.adminToken);
    expect(site.locks[0].lockout).toMatchObject({ lockedOut: true, failures: 0 });
    expect(new Date(site.locks[0].lockout.until).getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    expect((await gqlOk(app.url, RISK, { id: s.siteId }, s.adminToken)).site.guessingRisk).toEqual({ hardened: true, lockedOutLocks: 1 });
    await gqlOk(app.url, CLEAR_LOCKOUT, { lockId: d.lockId }, s.adminToken);
    expect((await gqlOk(app.url, RISK, { id: s.siteId }, s.adminToken)).site.guessingRisk).toEqual({ hardened: true, lockedOutLocks: 0 });
    expect((await access(app.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    await app.app.core.recorder.flush();
    const rows = (await app.app.core.db.fork().execute("select type from pin_event where site_id = ? and type in ('SITE_HARDENED', 'LOCKOUT_STARTED', 'LOCKOUT_CLEARED')", [s.siteId])) as Array<{ type: string }>;
    const types = rows.map((r) => r.type);
    // Decision events are written in batches, so the clear may come first in the log.
    expect(types.sort()).toEqual(['LOCKOUT_CLEARED', 'LOCKOUT_STARTED', 'LOCKOUT_STARTED', 'SITE_HARDENED']);
  }, 30_000);
});
