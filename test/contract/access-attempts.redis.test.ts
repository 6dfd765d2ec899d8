import { randomUUID } from 'node:crypto';
import { FallbackAccessAttempts } from '../../src/infra/redis/access-attempts.fallback';
import { RedisAccessAttempts } from '../../src/infra/redis/access-attempts.redis';
import { RedisAccessCache } from '../../src/infra/redis/access-cache.redis';
import { RedisLockoutCounters } from '../../src/infra/redis/lockout.redis';
import { MemoryAccessCache } from '../../src/infra/memory/access-cache.memory';
import { MemoryLockoutCounters } from '../../src/infra/memory/lockout.memory';
import { createRedis } from '../../src/infra/redis/redis.client';
import { ComposedAccessAttempts } from '../../src/modules/access/access-attempts.composed';
import { EpochedAccessCache } from '../../src/modules/access/cache-epoch';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { accessAttemptsContract } from './access-attempts.contract';
import { connectTestRedis, DEAD_REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../support/redis.support';

const policy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };

describeRedis('RedisAccessAttempts', () => {
  accessAttemptsContract('RedisAccessAttempts (one round trip)', async (clock) => {
    const redis = await connectTestRedis();
    const prefix = testPrefix();
    const counters = new RedisLockoutCounters({ client: redis.client, prefix, now: clock.now });
    const inner = new RedisAccessCache({ client: redis.client, runId: redis.runId, prefix });
    const cache = new EpochedAccessCache(inner, async () => 3);
    await cache.refresh();
    return {
      attempts: new RedisAccessAttempts({ lockout: counters, cache: inner, keySpace: cache }),
      lockout: counters,
      cache,
      cacheDown: () => cache.suspend(),
      close: async () => {
        await dropPrefix(redis.client, prefix);
        await redis.close();
      },
    };
  });

  it('reads the entries of the current epoch only', async () => {
    const redis = await connectTestRedis();
    const prefix = testPrefix();
    try {
      let epoch = 1;
      const inner = new RedisAccessCache({ client: redis.client, runId: redis.runId, prefix });
      const cache = new EpochedAccessCache(inner, async () => epoch);
      await cache.refresh();
      const attempts = new RedisAccessAttempts({ lockout: new RedisLockoutCounters({ client: redis.client, prefix }), cache: inner, keySpace: cache });
      const key = { siteId: randomUUID(), lockId: randomUUID() };
      const pin = { pinId: randomUUID(), userId: randomUUID(), status: 'ACTIVE' as const, version: 2 };
      await cache.putPin(key.siteId, 'd'.repeat(64), pin);
      expect(await attempts.start(key, policy, 'd'.repeat(64))).toMatchObject({ ok: true, released: true, pin });
      epoch = 2;
      await cache.refresh();
      expect(await attempts.start(key, policy, 'd'.repeat(64))).toMatchObject({ ok: true, released: false, pin: null });
    } finally {
      await dropPrefix(redis.client, prefix);
      await redis.close();
    }
  });
});

describe('FallbackAccessAttempts', () => {
  it('answers from the fallback when Redis is down, and stops reading the cache until its epoch is read again', async () => {
    const dead = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false });
    try {
      const inner = new RedisAccessCache({ client: dead.client, runId: () => 'run', prefix: testPrefix() });
      const cache = new EpochedAccessCache(inner, async () => 1);
      await cache.refresh();
      const primary = new RedisAccessAttempts({ lockout: new RedisLockoutCounters({ client: dead.client }), cache: inner, keySpace: cache });
      const key = { siteId: randomUUID(), lockId: randomUUID() };
      await expect(primary.start(key, policy, 'd'.repeat(64))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(cache.namespace()).toBeNull();

      const fallbackLockout = new MemoryLockoutCounters();
      const fallback = new ComposedAccessAttempts(fallbackLockout, new EpochedAccessCache(new MemoryAccessCache(), async () => 1));
      const attempts = new FallbackAccessAttempts(primary, fallback);
      const held = await Promise.all(Array.from({ length: 5 }, () => attempts.start(key, policy, 'd'.repeat(64))));
      expect(held.every((r) => r.ok)).toBe(true);
      // The fallback's counters hold the slots: a sixth attempt is refused there.
      expect(await attempts.start(key, policy, 'd'.repeat(64))).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
    } finally {
      await dead.close();
    }
  });
});
