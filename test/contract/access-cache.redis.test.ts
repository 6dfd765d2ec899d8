import { randomUUID } from 'node:crypto';
import { RedisAccessCache } from '../../src/infra/redis/access-cache.redis';
import { createRedis, readRunId, type RedisConnection } from '../../src/infra/redis/redis.client';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { accessCacheContract } from './access-cache.contract';
import { connectTestRedis, DEAD_REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../support/redis.support';

describeRedis('RedisAccessCache', () => {
  const ttlMs = 200;

  accessCacheContract('RedisAccessCache', async () => {
    const redis = await connectTestRedis();
    const prefix = testPrefix();
    const otherRun = `restarted-${randomUUID()}`;
    return {
      cache: new RedisAccessCache({ client: redis.client, runId: redis.runId, prefix, ttlMs }),
      ttlMs,
      restarted: () => new RedisAccessCache({ client: redis.client, runId: () => otherRun, prefix, ttlMs }),
      close: async () => {
        await dropPrefix(redis.client, prefix);
        await redis.close();
      },
    };
  });

  describe('on Redis', () => {
    let redis: RedisConnection;
    const prefix = testPrefix();

    beforeAll(async () => {
      redis = await connectTestRedis();
    });
    afterAll(async () => {
      await dropPrefix(redis.client, prefix);
      await redis.close();
    });

    it('keys entries by the server’s run_id, one compact string each', async () => {
      const cache = new RedisAccessCache({ client: redis.client, runId: redis.runId, prefix });
      const [siteId, digest] = [randomUUID(), 'ab'.repeat(32)];
      await cache.putPin(siteId, digest, { pinId: 'p', userId: 'u', status: 'ACTIVE', version: 42 });
      const runId = await readRunId(redis.client);
      const key = `${prefix}:${runId}:pin:${siteId}:${digest}`;
      expect(await redis.client.get(key)).toBe('42|{"pinId":"p","userId":"u","status":"ACTIVE","version":42}');
      const ttl = await redis.client.pTTL(key);
      expect(ttl).toBeGreaterThan(3_590_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    });

    it('fails every call while the run_id is unknown, rather than risk a stale entry', async () => {
      const cache = new RedisAccessCache({ client: redis.client, runId: () => null, prefix });
      await expect(cache.getPin('s', 'd')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(cache.getLock('l')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(cache.putLock('l', { siteId: 's', pinEnabled: true, timezone: 'UTC', maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50, version: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  describe('when Redis hangs', () => {
    it('gives up after timeoutMs with StoreUnavailableError', async () => {
      const hung = await connectTestRedis();
      try {
        const cache = new RedisAccessCache({ client: hung.client, runId: hung.runId, prefix: testPrefix(), timeoutMs: 200 });
        // A blocking command ahead of ours on the same connection: no reply for a second.
        const blocker = hung.client.blPop(`${testPrefix()}:never`, 1);
        const started = Date.now();
        await expect(cache.getPin('s', 'd')).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(500);
        await blocker;
      } finally {
        await hung.close();
      }
    });
  });

  describe('when Redis is down', () => {
    it('fails at once with StoreUnavailableError instead of queueing', async () => {
      const dead = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false });
      try {
        const cache = new RedisAccessCache({ client: dead.client, runId: dead.runId, prefix: testPrefix() });
        const started = Date.now();
        await expect(cache.getPin('s', 'd')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(cache.putGrants('u', 'l', { permissions: [], version: 1 })).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(100);
      } finally {
        await dead.close();
      }
    });
  });
});
