import type { CachedGrants, CachedPin } from './access-cache.port';
import type { LockoutKey, LockoutPolicy, LockoutReservation } from './lockout.port';

export type AttemptStart =
  | {
      ok: false;
      /** Whole seconds, >= 1. */
      retryAfterSeconds: number;
      reason: 'LOCKED_OUT' | 'BUSY';
    }
  | {
      ok: true;
      /** Taken by this attempt; hand it to the LockoutCounters' `release` or `fail` unless `released`. */
      reservation: LockoutReservation;
      /** True when the slot went back already: the cached PIN is ACTIVE, so this is no failure. */
      released: boolean;
      /** The cached PIN: null on a miss, undefined when the cache could not be asked. */
      pin: CachedPin | null | undefined;
      /**
       * The cached grants of the PIN's user at the lock, read only when `released`: null on a miss,
       * undefined when not read or not readable.
       */
      grants: CachedGrants | null | undefined;
    };

/**
 * The start of a lockAccess attempt (DESIGN.md rules 9 and 10) as one step: reserve a lockout slot;
 * only if one was reserved, read the PIN's cache entry; only if that entry is ACTIVE and not
 * pending, give the slot back and read the user's grants at the lock. The Redis adapter does it in
 * one round trip (the hot path's only one); the composed adapter calls LockoutCounters and
 * AccessCache in that order.
 *
 * Every cache entry returned is exactly what AccessCache's `get*` would return: misses, pending
 * marks and staleness rules are the caller's to apply (no negative caching: a null PIN means "ask
 * the database").
 *
 * Failure modes: rejects with StoreUnavailableError when the lockout counters cannot answer (the
 * caller then starts over on the fallback adapter); a reservation may then have been taken, and
 * its lease returns it. A cache that cannot answer yields `pin: undefined`, never an error.
 */
export interface AccessAttempts {
  start(key: LockoutKey, policy: LockoutPolicy, digest: string): Promise<AttemptStart>;
}
