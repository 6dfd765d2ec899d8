import type { AccessAttempts, AttemptStart } from '../../modules/access/access-attempts.port';
import type { CachedGrants, CachedPin } from '../../modules/access/access-cache.port';
import type { LockoutKey, LockoutPolicy } from '../../modules/access/lockout.port';
import { isStoreUnavailable } from '../../shared/store-unavailable.error';
import { decodeEntry, type RedisAccessCache } from './access-cache.redis';
import type { AttemptReads, RedisLockoutCounters } from './lockout.redis';

/** The key space the cache's ids live in: EpochedAccessCache in production. */
export interface CacheKeySpace {
  /** The prefix put before site, user and lock ids now, or null while the cache must not be read. */
  namespace(): string | null;
  /** Called when Redis failed: the cache is not read again until its key space is confirmed. */
  suspend(): void;
}

export interface RedisAccessAttemptsOptions {
  /** Takes the slot: its script also reads the cache entries, one round trip in all. */
  lockout: RedisLockoutCounters;
  /** Names the entries the script reads; it must be on the same Redis as `lockout`. */
  cache: RedisAccessCache;
  keySpace: CacheKeySpace;
}

/**
 * AccessAttempts on Redis in one round trip: the lockout script's `attempt` reserves the slot and
 * reads the PIN entry and, for an ACTIVE PIN, the grants entry in the same atomic step. Needs a
 * single Redis primary (not Redis Cluster: the entries live in other hash slots than the counters).
 * Rejects with StoreUnavailableError when Redis cannot answer; the caller then uses the composed
 * adapter over the fallback counters.
 */
export class RedisAccessAttempts implements AccessAttempts {
  constructor(private readonly options: RedisAccessAttemptsOptions) {}

  async start(key: LockoutKey, policy: LockoutPolicy, digest: string): Promise<AttemptStart> {
    const reads = this.readsFor(key, digest);
    let reply;
    try {
      reply = await this.options.lockout.attempt(key, policy, reads);
    } catch (err) {
      if (isStoreUnavailable(err)) this.options.keySpace.suspend();
      throw err;
    }
    if (!reply.ok) return reply;
    return {
      ok: true,
      reservation: reply.reservation,
      released: reply.released,
      pin: reads ? decodeEntry<CachedPin>(reply.pin) : undefined,
      grants: reply.released ? decodeEntry<CachedGrants>(reply.grants) : undefined,
    };
  }

  private readsFor(key: LockoutKey, digest: string): AttemptReads | null {
    const ns = this.options.keySpace.namespace();
    if (ns === null) return null;
    try {
      return this.options.cache.readsFor(ns + key.siteId, digest, ns, key.lockId);
    } catch (err) {
      if (isStoreUnavailable(err)) return null;
      throw err;
    }
  }
}
