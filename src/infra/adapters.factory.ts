import type { Config } from '../config';
import { ComposedAccessAttempts } from '../modules/access/access-attempts.composed';
import type { AccessAttempts } from '../modules/access/access-attempts.port';
import type { AccessCache } from '../modules/access/access-cache.port';
import type { LockoutCounters } from '../modules/access/lockout.port';
import type { EventBus } from '../modules/events/event-bus.port';
import type { CredentialsVersionCache } from '../modules/token/credentials-version.port';
import { throttledWarning } from './log.throttle';
import type { Logger } from './logger';
import { MemoryAccessCache } from './memory/access-cache.memory';
import { MemoryCredentialsVersionCache } from './memory/credentials-version.memory';
import { MemoryEventBus } from './memory/event-bus.memory';
import { MemoryLockoutCounters } from './memory/lockout.memory';
import type { Database } from './orm/orm.factory';
import { SqlLockoutCounters } from './orm/lockout.sql';
import { FallbackAccessAttempts } from './redis/access-attempts.fallback';
import { RedisAccessAttempts, type CacheKeySpace } from './redis/access-attempts.redis';
import { RedisAccessCache } from './redis/access-cache.redis';
import { RedisCredentialsVersionCache } from './redis/credentials-version.redis';
import { RedisEventBus } from './redis/event-bus.redis';
import { FallbackLockoutCounters } from './redis/lockout.fallback';
import { RedisLockoutCounters } from './redis/lockout.redis';
import { createRedis, type RedisConnection } from './redis/redis.client';
import { guard } from './redis/redis.script';
import { isStoreUnavailable, type StoreUnavailableError } from '../shared/store-unavailable.error';

/** The ports of the hot path and the event fan-out, on Redis (REDIS_URL) or in memory. */
export interface Adapters {
  cache: AccessCache;
  lockout: LockoutCounters;
  /**
   * The start of a lockAccess attempt over `cache` (the cache as the services see it, on top of
   * this `cache` adapter): one Redis round trip, or lockout and cache one after the other.
   */
  attempts(cache: AccessCache & CacheKeySpace, onCacheFailure: (err: StoreUnavailableError) => void): AccessAttempts;
  bus: EventBus;
  /** Each site's credentials version, read per authenticated request (DESIGN.md rule 12). */
  credentials: CredentialsVersionCache;
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
    const lockout = new MemoryLockoutCounters();
    return {
      cache: new MemoryAccessCache(),
      lockout,
      attempts: (cache, onCacheFailure) => new ComposedAccessAttempts(lockout, cache, onCacheFailure),
      bus: new MemoryEventBus({ onHandlerError }),
      credentials: new MemoryCredentialsVersionCache(),
      redis: null,
      redisAnswers: () => null,
      close: async () => undefined,
    };
  }
  const redis = await connect(config.redisUrl, logger);
  const cache = new RedisAccessCache({ client: redis.client, runId: () => redis.runId() });
  // The database is the lockout's durable record under Redis (DESIGN.md rule 10): failures are
  // written through to it, and what it counted while Redis was unavailable is merged back.
  const ledger = new SqlLockoutCounters({ em: db.fork(), onError: throttledWarning(logger, 'lockout generation not read: Redis decides on the last one known') });
  await ledger.start();
  const counters = new RedisLockoutCounters({
    client: redis.client,
    ledger,
    runId: () => redis.runId(),
    onLedgerError: throttledWarning(logger, 'a lockout failure was not written through to the database'),
  });
  const lockout = new FallbackLockoutCounters({ primary: counters, fallback: ledger, onFallback: onLockoutFallback });
  return {
    cache,
    lockout,
    attempts: (epoched, onCacheFailure) =>
      new FallbackAccessAttempts(new RedisAccessAttempts({ lockout: counters, cache, keySpace: epoched }), new ComposedAccessAttempts(lockout, epoched, onCacheFailure)),
    bus: new RedisEventBus({ connection: redis, onHandlerError }),
    credentials: new RedisCredentialsVersionCache({ client: redis.client, runId: () => redis.runId() }),
    redis,
    redisAnswers: () =>
      guard(() => redis.client.ping(), 500).then(
        () => redis.isReady(),
        () => false,
      ),
    close: async () => {
      ledger.stop();
      await redis.close();
    },
  };
}
