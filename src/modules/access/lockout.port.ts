import type { LockState, SiteState } from './lockout.rules';

/** Where an attempt is made. */
export interface LockoutKey {
  siteId: string;
  lockId: string;
}

/** The site's lockout settings (the `site` row). */
export interface LockoutPolicy {
  /** Failures at one lock within the failure window (10 min) that lock its keypad out. Default 5. */
  maxFailedAttempts: number;
  /** The first lockout's length in seconds; it doubles per repeated lockout, capped. Default 60. */
  lockoutSeconds: number;
  /** Failures over all locks of the site within the site window (10 min). Default 20. */
  siteFailureBudget: number;
  /**
   * Failures over all locks of the site within the daily window (24 h) that harden the site: every
   * further failure locks its door until the hardening ends (24 h after the failure that hardened
   * it). Default 50.
   */
  dailyFailureBudget: number;
  /**
   * Failures beyond `dailyFailureBudget` within the daily window after which every keypad of the
   * site answers LOCKED_OUT without a PIN check until the hardening ends or an admin clears it.
   * At least 1, default 50: the daily ceiling is `dailyFailureBudget + siteLockdownBudget`.
   */
  siteLockdownBudget: number;
}

/** Windows and limits shared by every adapter; the defaults are DESIGN.md rule 10. */
export interface LockoutTimings {
  /** Failures at one lock count for this long. Default 600 000 ms (10 min). */
  failureWindowMs: number;
  /** Failures over the site count for this long. Default 600 000 ms (10 min). */
  siteWindowMs: number;
  /** Lockouts within this window double the next one. Default 86 400 000 ms (24 h). */
  repeatWindowMs: number;
  /** Failures over the site count toward the daily budget for this long; a hardening lasts this long. Default 86 400 000 ms (24 h). */
  dailyWindowMs: number;
  /** No lockout is longer. Default 900 s. */
  maxLockoutSeconds: number;
  /**
   * A reservation not released or failed within this time gives its slot back by itself (a node
   * that died mid-attempt). Default 30 000 ms. A late `fail()` still counts the failure.
   */
  reservationLeaseMs: number;
}

export const defaultLockoutTimings: LockoutTimings = {
  failureWindowMs: 600_000,
  siteWindowMs: 600_000,
  repeatWindowMs: 86_400_000,
  dailyWindowMs: 86_400_000,
  maxLockoutSeconds: 900,
  reservationLeaseMs: 30_000,
};

/** An attempt slot taken by `reserve`; hand it to exactly one of `release` or `fail`. */
export interface LockoutReservation {
  readonly id: string;
  readonly siteId: string;
  readonly lockId: string;
  readonly policy: LockoutPolicy;
}

export type ReserveResult =
  | { ok: true; reservation: LockoutReservation }
  | {
      ok: false;
      /** Whole seconds, >= 1. */
      retryAfterSeconds: number;
      /**
       * LOCKED_OUT: the keypad is locked out. BUSY: every slot is taken by attempts in flight
       * (no lockout yet; retry in a second). lockAccess answers LOCKED_OUT for both.
       */
      reason: 'LOCKED_OUT' | 'BUSY';
    };

export interface FailResult {
  /** True for the one failure that started a lockout (emit LOCKOUT_STARTED). */
  lockoutStarted: boolean;
  /** Seconds until the keypad opens again; set whenever the lock is locked out after this failure. */
  retryAfterSeconds?: number;
  /** Set (true) on the one failure that spent the daily budget and hardened the site (emit SITE_HARDENED). */
  siteHardened?: true;
  /** With `siteHardened`: the end of the hardening (epoch ms). */
  hardenedUntil?: number;
  /** With `siteHardened`: failures over the site within the daily window. */
  failures24h?: number;
}

/** A lock's lockout as its counters hold it now. */
export interface LockStatus {
  lockedOut: boolean;
  /** End of the lockout (epoch ms), or null. */
  until: number | null;
  /** Failures counted at the lock within the failure window. */
  failures: number;
}

/** A site's guessing stage as its counters hold it now. */
export interface SiteLockoutStatus {
  hardened: boolean;
  hardenedUntil: number | null;
  lockedDown: boolean;
  failures24h: number;
}

/**
 * The failed-attempt counters of DESIGN.md rule 10: reserve before verify.
 *
 * `reserve` takes an attempt slot atomically before the PIN is looked up. A lock allows
 * `maxFailedAttempts - failures in the window` attempts in flight; once the site's failure budget
 * is spent, one. So 200 concurrent guesses at one lock, over any number of nodes, yield at most
 * `maxFailedAttempts` reservations. Refused attempts (LOCKED_OUT or BUSY) count nothing.
 *
 * `release` gives the slot back: GRANTED, and denials that are not failures (NO_PERMISSION,
 * OUTSIDE_SCHEDULE). `fail` confirms a failure (INVALID_PIN, PIN_BLOCKED): `maxFailedAttempts`
 * failures at a lock within `failureWindowMs` lock it out for `lockoutSeconds`, doubled per earlier
 * lockout within `repeatWindowMs`, capped at `maxLockoutSeconds`; the lock's count restarts.
 * Once the site has `siteFailureBudget` failures within `siteWindowMs`, every further failure at
 * any lock of the site locks that lock out (same lengths); a right PIN still opens meanwhile.
 *
 * The daily stages: `dailyFailureBudget` failures over the site within `dailyWindowMs` harden it
 * (the failure that does reports `siteHardened`): every failure then locks its door until the
 * hardening ends. At `dailyFailureBudget + siteLockdownBudget` failures every reserve on the site
 * answers LOCKED_OUT until the hardening ends; reservations in flight count against that ceiling
 * (BUSY beyond it), so the failures in 24 h stay under it whatever the number of doors.
 *
 * Failure modes: the Redis adapter rejects with `StoreUnavailableError` at once when Redis cannot
 * answer; production wraps it in the fallback adapter, which then counts in the database. Never
 * "allow because the counter is down".
 */
export interface LockoutCounters {
  reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult>;
  release(reservation: LockoutReservation): Promise<void>;
  fail(reservation: LockoutReservation): Promise<FailResult>;
  /** The lock's lockout now (counts nothing). */
  status(key: LockoutKey): Promise<LockStatus>;
  /** The site's stage now (counts nothing). */
  siteStatus(siteId: string, policy: LockoutPolicy): Promise<SiteLockoutStatus>;
  /** Clears the lock's lockout and counters (an admin's `clearLockout`). */
  clearLock(key: LockoutKey): Promise<void>;
  /** Clears the site's daily counter, hardening and lockdown (an admin's `clearSiteHardening`). */
  clearSite(siteId: string): Promise<void>;
}

/** One lock's and its site's lockout state as the ledger holds them. */
export interface LockoutSnapshot {
  /** The ledger's generation, read before the states. */
  generation: number;
  lock: LockState;
  site: SiteState;
}

/**
 * The durable record of lockout state (the database) under the fast store (Redis), so that a
 * lockout or a failure counted in either holds after a switch in either direction (DESIGN.md
 * rule 10). The fast store writes what each failure left through to it (`record`); the ledger
 * counts on top of that while the fast store is unavailable, bumping its generation; the fast
 * store merges a lock's `snapshot` before it decides for that lock again whenever the generation
 * moved past the one it last merged (or it lost the lock's state).
 *
 * Failure modes: `snapshot` and `record` reject when the database cannot answer: a lock whose
 * state must be merged is then not decided on (never "allow"), a failure not recorded is reported
 * and still answered. `generation` then answers the newest one known, and reads again next time.
 */
export interface LockoutLedger {
  /**
   * The newest generation this node knows: no I/O, except after `suspect` (and at first), when it
   * is read once for every caller waiting. Re-read in the background about every second.
   */
  generation(): Promise<number>;
  /** The fast store failed: read the generation again before the next decision on it. */
  suspect(): void;
  /** The stored state of `key`'s lock and site. */
  snapshot(key: LockoutKey): Promise<LockoutSnapshot>;
  /** Merges the state the fast store reached for `key`'s lock and site into the record. */
  record(key: LockoutKey, policy: LockoutPolicy, lock: LockState, site: SiteState): Promise<void>;
  /** Clears the lock's lockout and counters in the record. */
  clearLock(key: LockoutKey): Promise<void>;
  /** Clears the site's daily counter, hardening and lockdown in the record. */
  clearSite(siteId: string): Promise<void>;
}
