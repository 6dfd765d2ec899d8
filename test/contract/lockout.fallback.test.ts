import { randomUUID } from 'node:crypto';
import { MemoryLockoutCounters } from '../../src/infra/memory/lockout.memory';
import { SqlLockoutCounters } from '../../src/infra/orm/lockout.sql';
import { createRedis } from '../../src/infra/redis/redis.client';
import { FallbackLockoutCounters } from '../../src/infra/redis/lockout.fallback';
import { RedisLockoutCounters } from '../../src/infra/redis/lockout.redis';
import type { LockoutCounters, LockoutPolicy } from '../../src/modules/access/lockout.port';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { openSqlite } from '../support/orm.support';
import { connectTestRedis, DEAD_REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../support/redis.support';
import { lockoutContract } from './lockout.contract';

const policy: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };

describe('FallbackLockoutCounters', () => {
  let fallbacks = 0;

  // Redis is down for the whole suite: every rule must still hold, counted in the database.
  lockoutContract('FallbackLockoutCounters with Redis down, on SQL', async (clock) => {
    const dead = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false });
    const db = await openSqlite();
    return {
      counters: new FallbackLockoutCounters({
        primary: new RedisLockoutCounters({ client: dead.client, now: clock.now }),
        fallback: new SqlLockoutCounters({ em: db.em, now: clock.now }),
        onFallback: () => fallbacks++,
      }),
      close: async () => {
        await dead.close();
        await db.close();
        expect(fallbacks).toBeGreaterThan(500);
      },
    };
  });

  /** A primary that works until told it is down. */
  function flaky(inner: LockoutCounters) {
    const state = { down: false };
    const check = () => {
      if (state.down) throw new StoreUnavailableError('redis');
    };
    const counters: LockoutCounters = {
      reserve: async (k, p) => (check(), inner.reserve(k, p)),
      release: async (r) => (check(), inner.release(r)),
      fail: async (r) => (check(), inner.fail(r)),
      status: async (k) => (check(), inner.status(k)),
      siteStatus: async (id, p) => (check(), inner.siteStatus(id, p)),
      clearLock: async (k) => (check(), inner.clearLock(k)),
      clearSite: async (id) => (check(), inner.clearSite(id)),
    };
    return { counters, state };
  }

  it('counts the failure of a reservation taken before Redis went down', async () => {
    const primary = flaky(new MemoryLockoutCounters());
    const secondary = new MemoryLockoutCounters();
    const ops: string[] = [];
    const counters = new FallbackLockoutCounters({ primary: primary.counters, fallback: secondary, onFallback: (op) => ops.push(op) });
    const key = { siteId: randomUUID(), lockId: randomUUID() };
    const held = [];
    for (let i = 0; i < 5; i++) {
      const r = await counters.reserve(key, policy);
      if (r.ok) held.push(r.reservation);
    }
    expect(held).toHaveLength(5);
    primary.state.down = true;
    for (const r of held.slice(0, 4)) expect(await counters.fail(r)).toEqual({ lockoutStarted: false });
    expect(await counters.fail(held[4])).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
    expect(ops).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
    expect(await counters.reserve(key, policy)).toMatchObject({ ok: false, reason: 'LOCKED_OUT' });
  });

  it('releases and fails a reservation where it was taken, even once Redis is back', async () => {
    const primary = flaky(new MemoryLockoutCounters());
    const secondary = new MemoryLockoutCounters();
    const counters = new FallbackLockoutCounters({ primary: primary.counters, fallback: secondary });
    const key = { siteId: randomUUID(), lockId: randomUUID() };
    primary.state.down = true;
    const taken = [];
    for (let i = 0; i < 5; i++) {
      const r = await counters.reserve(key, policy);
      if (r.ok) taken.push(r.reservation);
    }
    expect(await counters.reserve(key, policy)).toMatchObject({ ok: false, reason: 'BUSY' });
    primary.state.down = false;
    await counters.release(taken[0]);
    primary.state.down = true;
    expect((await counters.reserve(key, policy)).ok).toBe(true);
  });

  it('passes errors other than unavailability through', async () => {
    const broken: LockoutCounters = {
      reserve: async () => {
        throw new Error('bug');
      },
      release: async () => undefined,
      fail: async () => ({ lockoutStarted: false }),
      status: async () => ({ lockedOut: false, until: null, failures: 0 }),
      siteStatus: async () => ({ hardened: false, hardenedUntil: null, lockedDown: false, failures24h: 0 }),
      clearLock: async () => undefined,
      clearSite: async () => undefined,
    };
    const counters = new FallbackLockoutCounters({ primary: broken, fallback: new MemoryLockoutCounters() });
    await expect(counters.reserve({ siteId: 's', lockId: 'l' }, policy)).rejects.toThrow('bug');
  });

  describeRedis('with Redis up', () => {
    it('never touches the fallback', async () => {
      const redis = await connectTestRedis();
      const prefix = testPrefix();
      let used = 0;
      const counters = new FallbackLockoutCounters({
        primary: new RedisLockoutCounters({ client: redis.client, prefix }),
        fallback: new MemoryLockoutCounters(),
        onFallback: () => used++,
      });
      try {
        const key = { siteId: randomUUID(), lockId: randomUUID() };
        const r = await counters.reserve(key, policy);
        if (!r.ok) throw new Error('expected a reservation');
        expect(await counters.fail(r.reservation)).toEqual({ lockoutStarted: false });
        expect(used).toBe(0);
      } finally {
        await dropPrefix(redis.client, prefix);
        await redis.close();
      }
    });
  });
});
