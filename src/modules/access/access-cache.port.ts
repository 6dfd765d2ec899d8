/** A PIN's state as the lockAccess decision needs it. Never the digits; the digest is the key. */
export interface CachedPin {
  pinId: string;
  userId: string;
  status: 'ACTIVE' | 'BLOCKED' | 'REPLACED';
  /** Grows with every change of the PIN row; see {@link AccessCache} for the set-if-newer rule. */
  version: number;
  /** A writer's mark before its commit: the entry says nothing, ask the database. */
  pending?: boolean;
}

/** One permission of a user at a lock, flattened for the cache. */
export interface CachedPermission {
  /** Epoch milliseconds, inclusive; null: no lower bound. */
  validFrom: number | null;
  /** Epoch milliseconds, exclusive; null: no upper bound. */
  validUntil: number | null;
  /** Weekdays 'MON'..'SUN'; null: no weekly schedule (then `start`/`end` are null too). */
  days: string[] | null;
  /** 'HH:MM' on the site's wall clock, inclusive. */
  start: string | null;
  /** 'HH:MM' on the site's wall clock, exclusive; before `start` means the window runs overnight. */
  end: string | null;
}

/**
 * Every permission a user holds at one lock. An empty list is a real answer (the user holds none:
 * the tombstone a writer puts on `revokeAccess`), not a miss.
 */
export interface CachedGrants {
  permissions: CachedPermission[];
  version: number;
  /** A writer's mark before its commit: the entry says nothing, ask the database. */
  pending?: boolean;
}

/** What lockAccess needs of a lock and of its site's policy. */
export interface CachedLock {
  siteId: string;
  pinEnabled: boolean;
  /** The site's IANA timezone, e.g. 'Europe/Berlin'. */
  timezone: string;
  maxFailedAttempts: number;
  lockoutSeconds: number;
  siteFailureBudget: number;
  dailyFailureBudget: number;
  siteLockdownBudget: number;
  version: number;
}

/**
 * The PIN/permission/lock cache of the lockAccess hot path (DESIGN.md section 3).
 *
 * Reads: `get*` resolves `null` on a miss; the caller then reads the database and fills the cache
 * with `put*`. There is no negative caching: a PIN that does not exist is never cached.
 *
 * Writes are set-if-newer and atomic: `put*` stores the entry only when its `version` is greater
 * than the stored entry's, and resolves whether it did. A reader that filled from a database
 * snapshot taken before a writer's commit therefore never puts the older state back. Writers put
 * through in the same step as their commit with a higher version; there is no delete: a REPLACED
 * or BLOCKED status, or an empty permission list, is the tombstone. Versions are non-negative safe
 * integers that grow with every change of the entry's source row(s), e.g. the site's event `seq`
 * at the change; a put with a version that is not greater than the stored one is ignored.
 *
 * Entries expire `ttlMs` after they were last stored (default one hour). A store that restarts
 * (the Redis adapter keys entries by the server's `run_id`) never serves an entry written before.
 *
 * Failure modes: every method rejects with `StoreUnavailableError` at once (no queueing) when the
 * store cannot answer, including while a reconnected Redis's `run_id` is not known yet. The caller
 * decides from the database then; it must never read the failure as a miss to be answered with
 * nothing. A failed `put*` means the entry may be stale: a writer must not assume it was stored.
 */
export interface AccessCache {
  getPin(siteId: string, digest: string): Promise<CachedPin | null>;
  /** Resolves true when stored, false when an entry of the same or a newer version was there. */
  putPin(siteId: string, digest: string, entry: CachedPin): Promise<boolean>;

  getGrants(userId: string, lockId: string): Promise<CachedGrants | null>;
  putGrants(userId: string, lockId: string, entry: CachedGrants): Promise<boolean>;

  getLock(lockId: string): Promise<CachedLock | null>;
  putLock(lockId: string, entry: CachedLock): Promise<boolean>;
}

/** Throws TypeError unless `version` is a non-negative safe integer (adapters call it on every put). */
export function assertCacheVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new TypeError(`cache entry version must be a non-negative safe integer, got ${version}`);
  }
}
