import { randomUUID } from 'node:crypto';
import { RedisLockoutCounters } from '../../src/infra/redis/lockout.redis';
import { lockoutContract } from './lockout.contract';
import { connectTestRedis, describeRedis, dropPrefix, testPrefix } from '../support/redis.support';

describeRedis('RedisLockoutCounters', () => {
  lockoutContract('RedisLockoutCounters', async (clock) => {
    const redis = await connectTestRedis();
    const prefix = testPrefix();
    return {
      counters: new RedisLockoutCounters({ client: redis.client, prefix, now: clock.now }),
      close: async () => {
        await dropPrefix(redis.client, prefix);
        await redis.close();
      },
    };
  });
});

describeRedis('RedisLockoutCounters over several API nodes', () => {
  it('lets at most maxFailedAttempts of 200 concurrent guesses over 3 nodes through', async () => {
    const nodes = await Promise.all([connectTestRedis(), connectTestRedis(), connectTestRedis()]);
    const prefix = testPrefix();
    try {
      const counters = nodes.map((n) => new RedisLockoutCounters({ client: n.client, prefix }));
      const key = { siteId: randomUUID(), lockId: randomUUID() };
      const policy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => counters[i % 3].reserve(key, policy)));
      const ok = results.flatMap((r) => (r.ok ? [r.reservation] : []));
      expect(ok).toHaveLength(5);
      const failed = await Promise.all(ok.map((r, i) => counters[i % 3].fail(r)));
      expect(failed.filter((r) => r.lockoutStarted)).toHaveLength(1);
      const stored = JSON.parse((await nodes[0].client.get(`${prefix}:lo:{${key.siteId}}:lock:${key.lockId}`))!);
      expect(stored).toEqual({ failures: {}, lockouts: [expect.any(Number)], lockedUntil: expect.any(Number), inflight: {} });
      expect(stored.lockedUntil - stored.lockouts[0]).toBe(60_000);
    } finally {
      await dropPrefix(nodes[0].client, prefix);
      await Promise.all(nodes.map((n) => n.close()));
    }
  });
});
