import { randomUUID } from 'node:crypto';
import { createRedis, type RedisClient, type RedisConnection } from '../../src/infra/redis/redis.client';
import { describeIfReachable, reachable } from './reachable.support';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Nothing listens here: a Redis that is down. */
export const DEAD_REDIS_URL = 'redis://127.0.0.1:6390';

export const redisUp = reachable(TEST_REDIS_URL, 'PING\r\n', '+PONG');
export const describeRedis = describeIfReachable(`Redis at ${TEST_REDIS_URL}`, redisUp);

export const testPrefix = (): string => `pgtest:${randomUUID().slice(0, 8)}`;

export const connectTestRedis = (): Promise<RedisConnection> => createRedis(TEST_REDIS_URL, undefined, { runIdCheckIntervalMs: 0 });

/** Deletes every key under `prefix`. */
export async function dropPrefix(client: RedisClient, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 })) keys.push(...batch);
  if (keys.length > 0) await client.del(keys);
}
