import type { Config } from '../config';
import type { AccessCache } from '../modules/access/access-cache.port';
import type { LockoutCounters } from '../modules/access/lockout.port';
import type { EventBus } from '../modules/events/event-bus.port';
import type { Logger } from './logger';
import { MemoryAccessCache } from './memory/access-cache.memory';
import { MemoryEventBus } from './memory/event-bus.memory';
import { MemoryLockoutCounters } from './memory/lockout.memory';
import type { Database } from './orm/orm.factory';
import { SqlLockoutCounters } from './orm/lockout.sql';
import { RedisAccessCache } from './redis/access-cache.redis';
import { RedisEventBus } from './redis/event-bus.redis';
import { FallbackLockoutCounters } from './redis/lockout.fallback';
import { RedisLockoutCounters } from './redis/lockout.redis';
import { createRedis, type RedisConnection } from './redis/redis.client';
import { guard } from './redis/redis.script';
import { isStoreUnavailable } from '../shared/store-unavailable.error';

/** The ports of the hot path and the event fan-out, on Redis (REDIS_URL) or in memory. */
export interface Adapters {
  cache: AccessCache;
  lockout: LockoutCounters;
  bus: EventBus;
  redis: RedisConnection | null;
  /** Whether Redis answers a PING now (null without Redis): for /readyz. */
  redisAnswers(): Promise<boolean> | null;
  close(): Promise<void>;
}

async function connect(url: string, logger: Logger): Promise<RedisConnection> {
  try {
    return await createRedis(url, logger, { waitForConnection: true, startupTimeoutMs: 2000 });
  } catch (err) {
    if (!isStoreUnavailable(err)) throw err;
    logger.warn('Redis does not answer yet: deciding from the database until it does');
    return createRedis(url, logger, { waitForConnection: false });
  }
}

export async function createAdapters(config: Config, db: Database, logger: Logger, onLockoutFallback: () => void): Promise<Adapters> {
  const onHandlerError = (err: unknown) => logger.error({ err }, 'event handler failed');
  if (!config.redisUrl) {
    return {
      cache: new MemoryAccessCache(),
      lockout: new MemoryLockoutCounters(),
      bus: new MemoryEventBus({ onHandlerError }),
      redis: null,
      redisAnswers: () => null,
      close: async () => undefined,
    };
  }
  const redis = await connect(config.redisUrl, logger);
  return {
    cache: new RedisAccessCache({ client: redis.client, runId: () => redis.runId() }),
    lockout: new FallbackLockoutCounters({
      primary: new RedisLockoutCounters({ client: redis.client }),
      fallback: new SqlLockoutCounters({ em: db.fork() }),
      onFallback: onLockoutFallback,
    }),
    bus: new RedisEventBus({ connection: redis, onHandlerError }),
    redis,
    redisAnswers: () =>
      guard(() => redis.client.ping(), 500).then(
        () => redis.isReady(),
        () => false,
      ),
    close: () => redis.close(),
  };
}
