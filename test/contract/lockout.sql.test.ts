import { SqlLockoutCounters } from '../../src/infra/orm/lockout.sql';
import { lockoutContract } from './lockout.contract';
import { parseSiteState } from '../../src/modules/access/lockout.rules';
import { describePostgres, openSqlite, openThrowawayPostgres } from '../support/orm.support';

lockoutContract('SqlLockoutCounters on SQLite', async (clock) => {
  const db = await openSqlite();
  return { counters: new SqlLockoutCounters({ em: db.em, now: clock.now }), close: db.close };
});

describePostgres('SqlLockoutCounters on PostgreSQL', () => {
  lockoutContract('SqlLockoutCounters on PostgreSQL', async (clock) => {
    const db = await openThrowawayPostgres();
    return { counters: new SqlLockoutCounters({ em: db.em, now: clock.now }), close: db.close };
  });
});

describe('SqlLockoutCounters as the ledger under Redis', () => {
  const policy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };
  const key = { siteId: 's1', lockId: 'l1' };
  const now = Date.UTC(2026, 11, 3, 9, 0, 0);

  it('bumps the generation with every failure it counts, and knows it before the next decision', async () => {
    const db = await openSqlite();
    try {
      const sql = new SqlLockoutCounters({ em: db.em, now: () => now });
      expect(await sql.generation()).toBe(0);
      const r = await sql.reserve(key, policy);
      if (!r.ok) throw new Error('expected a reservation');
      await sql.release(r.reservation);
      expect(await sql.generation()).toBe(0);
      for (let i = 0; i < 2; i++) {
        const f = await sql.reserve(key, policy);
        if (!f.ok) throw new Error('expected a reservation');
        await sql.fail(f.reservation);
      }
      expect(await sql.generation()).toBe(2);
      // Another node's view: it learns of the counts when told to suspect, or from its own timer.
      const other = new SqlLockoutCounters({ em: db.em, now: () => now });
      await other.start(20);
      other.stop();
      expect(await other.generation()).toBe(2);
    } finally {
      await db.close();
    }
  });

  it('merges what Redis reached into what it counted itself, and hands both back in a snapshot', async () => {
    const db = await openSqlite();
    try {
      const sql = new SqlLockoutCounters({ em: db.em, now: () => now });
      const f = await sql.reserve(key, policy);
      if (!f.ok) throw new Error('expected a reservation');
      await sql.fail(f.reservation);
      const fromRedis = { failures: [now - 2000, now - 1000], lockouts: [], lockedUntil: 0, inflight: { x: now + 1000 } };
      await sql.record(key, policy, fromRedis, parseSiteState({ failures: [now - 2000, now - 1000], daily: [now - 2000, now - 1000] }));
      await sql.record(key, policy, fromRedis, parseSiteState({ failures: [now - 2000, now - 1000], daily: [now - 2000, now - 1000] }));
      const snap = await sql.snapshot(key);
      expect(snap.generation).toBe(1);
      expect(snap.lock).toEqual({ failures: [now - 2000, now - 1000, now], lockouts: [], lockedUntil: 0, inflight: {} });
      expect(snap.site).toMatchObject({ failures: [now - 2000, now - 1000, now], daily: [now - 2000, now - 1000, now] });
    } finally {
      await db.close();
    }
  });
});
