import { randomUUID } from 'node:crypto';
import { RedisCredentialsVersionCache } from '../../src/infra/redis/credentials-version.redis';
import { createRedis, readRunId, type RedisConnection } from '../../src/infra/redis/redis.client';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { credentialsVersionContract } from './credentials-version.contract';
import { connectTestRedis, DEAD_REDIS_URL, describeRedis, dropPrefix, testPrefix } from '../support/redis.support';

describeRedis('RedisCredentialsVersionCache', () => {
  const ttlMs = 200;

  credentialsVersionContract('RedisCredentialsVersionCache', async () => {
    const redis = await connectTestRedis();
    const prefix = testPrefix();
    const otherRun = `restarted-${randomUUID()}`;
    return {
      cache: new RedisCredentialsVersionCache({ client: redis.client, runId: redis.runId, prefix, ttlMs }),
      ttlMs,
      restarted: () => new RedisCredentialsVersionCache({ client: redis.client, runId: () => otherRun, prefix, ttlMs }),
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

    it('keeps one integer per site under the server’s run_id, for a day', async () => {
      const cache = new RedisCredentialsVersionCache({ client: redis.client, runId: redis.runId, prefix });
      const site = randomUUID();
      await cache.put(site, 12);
      const key = `${prefix}:${await readRunId(redis.client)}:cred:${site}`;
      expect(await redis.client.get(key)).toBe('12');
      const ttl = await redis.client.pTTL(key);
      expect(ttl).toBeGreaterThan(86_390_000);
      expect(ttl).toBeLessThanOrEqual(86_400_000);
    });

    it('fails every call while the run_id is unknown, rather than risk a stale version', async () => {
      const cache = new RedisCredentialsVersionCache({ client: redis.client, runId: () => null, prefix });
      await expect(cache.get('s')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(cache.put('s', 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });

  describe('when Redis is down', () => {
    it('fails at once with StoreUnavailableError instead of queueing', async () => {
      const dead = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false });
      try {
        const cache = new RedisCredentialsVersionCache({ client: dead.client, runId: dead.runId, prefix: testPrefix() });
        const started = Date.now();
        await expect(cache.get('s')).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(cache.put('s', 1)).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(Date.now() - started).toBeLessThan(100);
      } finally {
        await dead.close();
      }
    });
  });
});
