import type { FailResult, LockoutPolicy, LockoutTimings } from './lockout.port';

/**
 * The lockout rules of DESIGN.md rule 10 as pure state transitions, with no I/O: the memory and SQL
 * adapters run them over their stored state; the Redis adapter's Lua script is a line-by-line
 * port of them (the shared contract suite holds all three to the same behaviour).
 * Times are epoch milliseconds. The functions mutate and return the state they are given.
 */

/** One lock's counters. */
export interface LockState {
  /** Failures within the failure window, oldest first; cleared when a lockout starts. */
  failures: number[];
  /** End of the current lockout; 0 when none. */
  lockedUntil: number;
  /** Starts of lockouts within the repeat window, oldest first (at most {@link MAX_LOCKOUTS_KEPT}). */
  lockouts: number[];
  /** Reservations in flight: id -> end of lease. */
  inflight: Record<string, number>;
}

/** One site's counters: its newest failures within the site window (at most the budget). */
export interface SiteState {
  failures: number[];
}

export const MAX_LOCKOUTS_KEPT = 32;

export type ReserveDecision = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'LOCKED_OUT' | 'BUSY' };

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : []);

export function parseLockState(raw: unknown): LockState {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof LockState, unknown>>;
  const inflight: Record<string, number> = {};
  if (o.inflight && typeof o.inflight === 'object') {
    for (const [id, lease] of Object.entries(o.inflight)) if (typeof lease === 'number') inflight[id] = lease;
  }
  return {
    failures: numbers(o.failures),
    lockedUntil: typeof o.lockedUntil === 'number' ? o.lockedUntil : 0,
    lockouts: numbers(o.lockouts),
    inflight,
  };
}

export function parseSiteState(raw: unknown): SiteState {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof SiteState, unknown>>;
  return { failures: numbers(o.failures) };
}

/** Clamps a stored or configured policy to sane values (every count at least 1). */
export function normalizePolicy(p: LockoutPolicy): LockoutPolicy {
  const atLeastOne = (n: number, fallback: number): number => (Number.isFinite(n) ? Math.max(1, Math.floor(n)) : fallback);
  return {
    maxFailedAttempts: atLeastOne(p.maxFailedAttempts, 5),
    lockoutSeconds: atLeastOne(p.lockoutSeconds, 60),
    siteFailureBudget: atLeastOne(p.siteFailureBudget, 20),
  };
}

const secondsUntil = (until: number, now: number): number => Math.max(1, Math.ceil((until - now) / 1000));

function pruneLock(lock: LockState, now: number, t: LockoutTimings): void {
  lock.failures = lock.failures.filter((at) => at > now - t.failureWindowMs);
  lock.lockouts = lock.lockouts.filter((at) => at > now - t.repeatWindowMs);
  if (lock.lockedUntil <= now) lock.lockedUntil = 0;
  for (const [id, lease] of Object.entries(lock.inflight)) if (lease <= now) delete lock.inflight[id];
}

function pruneSite(site: SiteState, now: number, t: LockoutTimings): void {
  site.failures = site.failures.filter((at) => at > now - t.siteWindowMs);
}

/** Takes a slot for reservation `id`, or says why not. */
export function reserveSlot(
  lock: LockState,
  site: SiteState,
  policy: LockoutPolicy,
  id: string,
  now: number,
  t: LockoutTimings,
): ReserveDecision {
  const p = normalizePolicy(policy);
  pruneLock(lock, now, t);
  pruneSite(site, now, t);
  if (lock.lockedUntil > now) return { ok: false, retryAfterSeconds: secondsUntil(lock.lockedUntil, now), reason: 'LOCKED_OUT' };
  const siteSpent = site.failures.length >= p.siteFailureBudget;
  const allowed = siteSpent ? 1 : p.maxFailedAttempts - lock.failures.length;
  if (Object.keys(lock.inflight).length >= allowed) return { ok: false, retryAfterSeconds: 1, reason: 'BUSY' };
  lock.inflight[id] = now + t.reservationLeaseMs;
  return { ok: true };
}

/** Gives reservation `id`'s slot back; unknown or expired ids are a no-op. */
export function releaseSlot(lock: LockState, id: string, now: number, t: LockoutTimings): void {
  delete lock.inflight[id];
  pruneLock(lock, now, t);
}

/** Turns reservation `id` into a failure (counted even when its lease has expired). */
export function failSlot(
  lock: LockState,
  site: SiteState,
  policy: LockoutPolicy,
  id: string,
  now: number,
  t: LockoutTimings,
): FailResult {
  const p = normalizePolicy(policy);
  delete lock.inflight[id];
  pruneLock(lock, now, t);
  pruneSite(site, now, t);
  const siteSpent = site.failures.length >= p.siteFailureBudget;
  site.failures.push(now);
  if (site.failures.length > p.siteFailureBudget) site.failures.splice(0, site.failures.length - p.siteFailureBudget);
  // A check that began before a lockout started: the site counts it, the lock's fresh count does not.
  if (lock.lockedUntil > now) return { lockoutStarted: false, retryAfterSeconds: secondsUntil(lock.lockedUntil, now) };
  lock.failures.push(now);
  if (lock.failures.length < p.maxFailedAttempts && !siteSpent) return { lockoutStarted: false };
  lock.lockouts.push(now);
  if (lock.lockouts.length > MAX_LOCKOUTS_KEPT) lock.lockouts.splice(0, lock.lockouts.length - MAX_LOCKOUTS_KEPT);
  const seconds = Math.min(t.maxLockoutSeconds, p.lockoutSeconds * 2 ** (lock.lockouts.length - 1));
  lock.lockedUntil = now + seconds * 1000;
  lock.failures = [];
  return { lockoutStarted: true, retryAfterSeconds: seconds };
}

/** `a` and `b` as one record: each time as often as the list holding it more often has it; ascending. */
function union(a: number[], b: number[]): number[] {
  const counts = new Map<number, number>();
  for (const at of a) counts.set(at, (counts.get(at) ?? 0) + 1);
  const other = new Map<number, number>();
  for (const at of b) other.set(at, (other.get(at) ?? 0) + 1);
  for (const [at, n] of other) if (n > (counts.get(at) ?? 0)) counts.set(at, n);
  const all: number[] = [];
  for (const [at, n] of counts) for (let i = 0; i < n; i++) all.push(at);
  return all.sort((x, y) => x - y);
}

/**
 * Merges `other`, the same lock's state as the other store counted it, into `lock`: a failure or
 * lockout both stores hold counts once, the later `lockedUntil` holds, failures from before the
 * latest lockout's start are gone (it restarted the count), and at most `maxFailedAttempts - 1`
 * stay (so the next failure locks out rather than leaving the lock BUSY). `lock` keeps its own
 * reservations in flight: `other`'s are settled in their own store. The Redis adapter's `merge`
 * operation is a port of this.
 */
export function mergeLockState(lock: LockState, other: LockState, policy: LockoutPolicy, now: number, t: LockoutTimings): LockState {
  const p = normalizePolicy(policy);
  pruneLock(lock, now, t);
  lock.lockouts = union(lock.lockouts, other.lockouts.filter((at) => at > now - t.repeatWindowMs)).slice(-MAX_LOCKOUTS_KEPT);
  if (other.lockedUntil > Math.max(lock.lockedUntil, now)) lock.lockedUntil = other.lockedUntil;
  const lastStart = lock.lockouts.length > 0 ? lock.lockouts[lock.lockouts.length - 1] : 0;
  const failures = union(lock.failures, other.failures.filter((at) => at > now - t.failureWindowMs)).filter((at) => at > lastStart);
  lock.failures = failures.slice(Math.max(0, failures.length - (p.maxFailedAttempts - 1)));
  return lock;
}

/** Merges `other`, the same site's failures as the other store counted them, into `site` (the newest `siteFailureBudget` stay). */
export function mergeSiteState(site: SiteState, other: SiteState, policy: LockoutPolicy, now: number, t: LockoutTimings): SiteState {
  const p = normalizePolicy(policy);
  pruneSite(site, now, t);
  const failures = union(site.failures, other.failures.filter((at) => at > now - t.siteWindowMs));
  site.failures = failures.slice(Math.max(0, failures.length - p.siteFailureBudget));
  return site;
}
