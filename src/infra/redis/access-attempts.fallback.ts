import type { AccessAttempts, AttemptStart } from '../../modules/access/access-attempts.port';
import type { LockoutKey, LockoutPolicy } from '../../modules/access/lockout.port';
import { isStoreUnavailable } from '../../shared/store-unavailable.error';

/**
 * AccessAttempts on Redis in one round trip, or, whenever Redis cannot answer it
 * (StoreUnavailableError; other errors propagate), the composed adapter over the fallback lockout
 * counters (the database) and the cache (then unreadable: the database decides).
 */
export class FallbackAccessAttempts implements AccessAttempts {
  constructor(
    private readonly primary: AccessAttempts,
    private readonly fallback: AccessAttempts,
  ) {}

  async start(key: LockoutKey, policy: LockoutPolicy, digest: string): Promise<AttemptStart> {
    try {
      return await this.primary.start(key, policy, digest);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      return this.fallback.start(key, policy, digest);
    }
  }
}
