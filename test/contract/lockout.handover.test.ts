import { randomUUID } from 'node:crypto';
import { SqlLockoutCounters } from '../../src/infra/orm/lockout.sql';
import { createRedis, type RedisConnection } from '../../src/infra/redis/redis.client';
import { FallbackLockoutCounters } from '../../src/infra/redis/lockout.fallback';
import { RedisLockoutCounters } from '../../src/infra/redis/lockout.redis';
import type { LockoutCounters, LockoutKey, LockoutPolicy, LockoutReservation } from '../../src/modules/access/lockout.port';
import { manualClock, sleep } from '../support/clock.support';
import { describePostgres, openSqlite, openThrowawayPostgres, type TestDatabase } from '../support/orm.support';
import { describeRedis, dropPrefix, testPrefix, TEST_REDIS_URL } from '../support/redis.support';
import { TcpProxy } from '../support/tcp.proxy';

const policy: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };

/**
 * FallbackLockoutCounters over a real Redis that a TCP proxy cuts off, and a real database:
 * DESIGN.md rule 10's "a lockout or a failure counted in either store holds after a switch in
 * either direction", for the lock counters and the site budget.
 */
function handover(name: string, openDb: () => Promise<TestDatabase>): void {
  describe(`lockout handover between Redis and ${name}`, () => {
    const clock = manualClock();
    let db: TestDatabase;
    let proxy: TcpProxy;
    let redis: RedisConnection;
    let counters: LockoutCounters;
    const prefix = testPrefix();
    /** The run_id the node read from Redis: a test changes it as a restarted Redis would. */
    let runId = 'run-1';

    beforeAll(async () => {
      db = await openDb();
      proxy = await TcpProxy.start(Number(new URL(TEST_REDIS_URL).port || 6379));
      redis = await createRedis(`redis://127.0.0.1:${proxy.port}`, undefined, { runIdCheckIntervalMs: 0, maxReconnectDelayMs: 100 });
      const sql = new SqlLockoutCounters({ em: db.em, now: clock.now });
      const primaryOptions = { client: redis.client, prefix, now: clock.now, ledger: sql, runId: () => runId };
      counters = new FallbackLockoutCounters({ primary: new RedisLockoutCounters(primaryOptions), fallback: sql });
    });

    afterAll(async () => {
      proxy.restore();
      await waitFor(() => redis.isReady());
      await dropPrefix(redis.client, prefix);
      await redis.close();
      await proxy.close();
      await db.close();
    });

    async function waitFor(check: () => boolean): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await sleep(10);
      }
    }
    const cut = async () => {
      proxy.cut();
      await waitFor(() => !redis.client.isReady);
    };
    const restore = async () => {
      proxy.restore();
      await waitFor(() => redis.client.isReady);
    };

    const newLock = (siteId = randomUUID()): LockoutKey => ({ siteId, lockId: randomUUID() });
    async function take(key: LockoutKey, p = policy): Promise<LockoutReservation> {
      const r = await counters.reserve(key, p);
      if (!r.ok) throw new Error(`expected a reservation, got ${JSON.stringify(r)}`);
      return r.reservation;
    }
    async function failTimes(key: LockoutKey, n: number, p = policy) {
      let last = { lockoutStarted: false } as Awaited<ReturnType<LockoutCounters['fail']>>;
      for (let i = 0; i < n; i++) last = await counters.fail(await take(key, p));
      return last;
    }
    const redisKey = (key: LockoutKey) => `${prefix}:lo:{${key.siteId}}:lock:${key.lockId}`;

    const daily: LockoutPolicy = { ...policy, dailyFailureBudget: 3, siteLockdownBudget: 2 };

    it('keeps a hardening and the last stage reached in Redis in the database, and one reached in the database in Redis', async () => {
      const siteId = randomUUID();
      const doors = Array.from({ length: 7 }, () => newLock(siteId));
      for (const door of doors.slice(0, 2)) await failTimes(door, 1, daily);
      expect(await failTimes(doors[2], 1, daily)).toMatchObject({ siteHardened: true });
      await cut();
      // The database knows the site is hardened: a fresh door locks at its first failure, no second SITE_HARDENED.
      const inDb = await failTimes(doors[3], 1, daily);
      expect(inDb).toMatchObject({ lockoutStarted: true });
      expect(inDb.siteHardened).toBeUndefined();
      await failTimes(doors[4], 1, daily);
      await restore();
      // Redis merges the failures counted in the database: the last stage holds there too.
      expect(await counters.reserve(doors[5], daily)).toMatchObject({ ok: false, reason: 'LOCKED_OUT' });
      expect(await counters.siteStatus(siteId, daily)).toMatchObject({ hardened: true, lockedDown: true, failures24h: 5 });
      // Cleared in both stores: a switch does not bring it back.
      await counters.clearSite(siteId);
      await counters.release(await take(doors[5], daily));
      await cut();
      await counters.release(await take(doors[6], daily));
      await restore();
    });

    it('keeps a lock locked out in Redis locked out in the database', async () => {
      const key = newLock();
      expect(await failTimes(key, 5)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      clock.advance(10_000);
      await cut();
      try {
        expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 50 });
      } finally {
        await restore();
      }
    });

    it('counts failures from before, during and after a cut together', async () => {
      const key = newLock();
      expect(await failTimes(key, 3)).toEqual({ lockoutStarted: false });
      await cut();
      try {
        expect(await failTimes(key, 1)).toEqual({ lockoutStarted: false });
      } finally {
        await restore();
      }
      expect(await failTimes(key, 1)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 60 });
    });

    it('keeps a lock locked out in the database locked out once Redis answers, and doubles the next lockout', async () => {
      const key = newLock();
      await cut();
      try {
        expect(await failTimes(key, 5)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      } finally {
        await restore();
      }
      clock.advance(20_000);
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 40 });
      clock.advance(40_000);
      expect(await failTimes(key, 5)).toEqual({ lockoutStarted: true, retryAfterSeconds: 120 });
    });

    it('keeps a lockout counted in the database when Redis comes back without its keys', async () => {
      const key = newLock();
      expect(await failTimes(key, 5)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      await redis.client.del(redisKey(key)); // as a restarted Redis would have lost it
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 60 });
    });

    it('keeps a lockout when Redis comes back from an older snapshot under a new run_id', async () => {
      const key = newLock();
      expect(await failTimes(key, 3)).toEqual({ lockoutStarted: false });
      const snapshot = (await redis.client.get(redisKey(key)))!;
      expect(await failTimes(key, 2)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      await redis.client.set(redisKey(key), snapshot);
      runId = 'run-2';
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 60 });
    });

    it('spends the site budget with failures counted in Redis and in the database', async () => {
      const siteId = randomUUID();
      const p = { ...policy, siteFailureBudget: 6 };
      const [a, b, c] = [newLock(siteId), newLock(siteId), newLock(siteId)];
      expect(await failTimes(a, 3, p)).toEqual({ lockoutStarted: false });
      await cut();
      try {
        expect(await failTimes(b, 3, p)).toEqual({ lockoutStarted: false });
      } finally {
        await restore();
      }
      // The budget is spent: one failure at a third lock locks it out.
      expect(await failTimes(c, 1, p)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
    });

    it('spends the site budget in the database with failures counted in Redis', async () => {
      const siteId = randomUUID();
      const p = { ...policy, siteFailureBudget: 6 };
      const [a, b, c] = [newLock(siteId), newLock(siteId), newLock(siteId)];
      expect(await failTimes(a, 3, p)).toEqual({ lockoutStarted: false });
      expect(await failTimes(b, 3, p)).toEqual({ lockoutStarted: false });
      await cut();
      try {
        expect(await failTimes(c, 1, p)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      } finally {
        await restore();
      }
    });
  });
}

describeRedis('FallbackLockoutCounters across Redis cuts', () => {
  handover('SQLite', () => openSqlite());
  describePostgres('on PostgreSQL', () => {
    handover('PostgreSQL', () => openThrowawayPostgres());
  });
});
