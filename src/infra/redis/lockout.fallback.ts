import type {
  FailResult,
  LockoutCounters,
  LockoutKey,
  LockoutPolicy,
  LockoutReservation,
  LockStatus,
  ReserveResult,
  SiteLockoutStatus,
} from '../../modules/access/lockout.port';
import { isStoreUnavailable } from '../../shared/store-unavailable.error';

export interface FallbackLockoutOptions {
  /** The Redis adapter. */
  primary: LockoutCounters;
  /** The SQL adapter: shared by every node too, so counting still holds while Redis is down. */
  fallback: LockoutCounters;
  /** Called once per call answered by the fallback (a metric). */
  onFallback?: (operation: 'reserve' | 'release' | 'fail' | 'status' | 'clear') => void;
}

/**
 * LockoutCounters on Redis that fall back to the database, never to nothing and never to per-node
 * memory (DESIGN.md rule 10), whenever Redis is unavailable (StoreUnavailableError; other errors
 * propagate). A reservation is released or failed where it was taken; a Redis reservation whose
 * release cannot reach Redis is left to its lease, and its failure is counted in the database.
 * In production the fallback is also the primary's ledger (RedisLockoutCounters `ledger`), so
 * failures and lockouts counted in either store hold after a switch in either direction.
 */
export class FallbackLockoutCounters implements LockoutCounters {
  private readonly takenByFallback = new WeakSet<LockoutReservation>();

  constructor(private readonly options: FallbackLockoutOptions) {}

  async reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult> {
    try {
      return await this.options.primary.reserve(key, policy);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.options.onFallback?.('reserve');
      const result = await this.options.fallback.reserve(key, policy);
      if (result.ok) this.takenByFallback.add(result.reservation);
      return result;
    }
  }

  async release(reservation: LockoutReservation): Promise<void> {
    if (this.takenByFallback.has(reservation)) return this.options.fallback.release(reservation);
    try {
      await this.options.primary.release(reservation);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.options.onFallback?.('release');
    }
  }

  async fail(reservation: LockoutReservation): Promise<FailResult> {
    if (this.takenByFallback.has(reservation)) return this.options.fallback.fail(reservation);
    try {
      return await this.options.primary.fail(reservation);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.options.onFallback?.('fail');
      return this.options.fallback.fail(reservation);
    }
  }

  status(key: LockoutKey): Promise<LockStatus> {
    return this.either('status', (c) => c.status(key));
  }

  siteStatus(siteId: string, policy: LockoutPolicy): Promise<SiteLockoutStatus> {
    return this.either('status', (c) => c.siteStatus(siteId, policy));
  }

  /** Clears in both stores (the primary clears its ledger too), so that a switch does not bring it back. */
  async clearLock(key: LockoutKey): Promise<void> {
    await this.both((c) => c.clearLock(key));
  }

  async clearSite(siteId: string): Promise<void> {
    await this.both((c) => c.clearSite(siteId));
  }

  private async either<T>(operation: 'status', call: (c: LockoutCounters) => Promise<T>): Promise<T> {
    try {
      return await call(this.options.primary);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.options.onFallback?.(operation);
      return call(this.options.fallback);
    }
  }

  private async both(call: (c: LockoutCounters) => Promise<void>): Promise<void> {
    try {
      await call(this.options.primary);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.options.onFallback?.('clear');
    }
    await call(this.options.fallback);
  }
}
