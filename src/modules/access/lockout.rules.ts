import type { FailResult, LockoutPolicy, LockoutTimings, LockStatus } from './lockout.port';

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

/** One site's counters. */
export interface SiteState {
  /** Newest failures within the site window (at most `siteFailureBudget`), oldest first. */
  failures: number[];
  /** Newest failures within the daily window (at most `dailyFailureBudget + siteLockdownBudget`), oldest first. */
  daily: number[];
  /** End of the current hardening (daily budget spent); 0 when none. */
  hardenedUntil: number;
  /** End of the current lockdown (every keypad answers LOCKED_OUT); 0 when none. */
  lockedDownUntil: number;
  /** Reservations in flight over the whole site: id -> end of lease (they count against the daily ceiling). */
  inflight: Record<string, number>;
}

export const MAX_LOCKOUTS_KEPT = 32;

export type ReserveDecision = { ok: true } | { ok: false; retryAfterSeconds: number; reason: 'LOCKED_OUT' | 'BUSY' };

const numbers = (v: unknown): number[] => (Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : []);

export function parseLockState(raw: unknown): LockState {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof LockState, unknown>>;
  const inflight = leases(o.inflight);
  return {
    failures: numbers(o.failures),
    lockedUntil: typeof o.lockedUntil === 'number' ? o.lockedUntil : 0,
    lockouts: numbers(o.lockouts),
    inflight,
  };
}

function leases(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [id, lease] of Object.entries(v)) if (typeof lease === 'number') out[id] = lease;
  return out;
}

export function parseSiteState(raw: unknown): SiteState {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof SiteState, unknown>>;
  return {
    failures: numbers(o.failures),
    daily: numbers(o.daily),
    hardenedUntil: typeof o.hardenedUntil === 'number' ? o.hardenedUntil : 0,
    lockedDownUntil: typeof o.lockedDownUntil === 'number' ? o.lockedDownUntil : 0,
    inflight: leases(o.inflight),
  };
}

/** Clamps a stored or configured policy to sane values (every count at least 1). */
export function normalizePolicy(p: LockoutPolicy): LockoutPolicy {
  const atLeastOne = (n: number, fallback: number): number => (Number.isFinite(n) ? Math.max(1, Math.floor(n)) : fallback);
  return {
    maxFailedAttempts: atLeastOne(p.maxFailedAttempts, 5),
    lockoutSeconds: atLeastOne(p.lockoutSeconds, 60),
    siteFailureBudget: atLeastOne(p.siteFailureBudget, 20),
    dailyFailureBudget: atLeastOne(p.dailyFailureBudget, 50),
    siteLockdownBudget: atLeastOne(p.siteLockdownBudget, 50),
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
  site.daily = site.daily.filter((at) => at > now - t.dailyWindowMs);
  if (site.hardenedUntil <= now) site.hardenedUntil = 0;
  if (site.lockedDownUntil <= now) site.lockedDownUntil = 0;
  for (const [id, lease] of Object.entries(site.inflight)) if (lease <= now) delete site.inflight[id];
}

/** The failures in the daily window after which the site's keypads refuse every PIN. */
export const lockdownAt = (p: LockoutPolicy): number => p.dailyFailureBudget + p.siteLockdownBudget;

/** When the site's last stage holds at `now`, its end (ms); else 0. The site state must be pruned. */
function lockdownEnd(site: SiteState, p: LockoutPolicy, now: number, t: LockoutTimings): number {
  if (site.lockedDownUntil > now) return site.lockedDownUntil;
  // Reached but not marked (a merge of both stores' failures): until the oldest kept failure leaves the window.
  if (site.daily.length >= lockdownAt(p)) return Math.max(site.hardenedUntil, site.daily[site.daily.length - lockdownAt(p)] + t.dailyWindowMs);
  return 0;
}

/** The site's stage at `now` (prunes `site`). */
export function siteStage(site: SiteState, policy: LockoutPolicy, now: number, t: LockoutTimings): { hardened: boolean; hardenedUntil: number | null; lockedDown: boolean; failures24h: number } {
  const p = normalizePolicy(policy);
  pruneSite(site, now, t);
  const end = lockdownEnd(site, p, now, t);
  const until = Math.max(site.hardenedUntil, end);
  return { hardened: until > now, hardenedUntil: until > now ? until : null, lockedDown: end > now, failures24h: site.daily.length };
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
  const down = lockdownEnd(site, p, now, t);
  if (down > now) return { ok: false, retryAfterSeconds: secondsUntil(down, now), reason: 'LOCKED_OUT' };
  if (lock.lockedUntil > now) return { ok: false, retryAfterSeconds: secondsUntil(lock.lockedUntil, now), reason: 'LOCKED_OUT' };
  const siteSpent = site.failures.length >= p.siteFailureBudget || site.hardenedUntil > now;
  const allowed = siteSpent ? 1 : p.maxFailedAttempts - lock.failures.length;
  if (Object.keys(lock.inflight).length >= allowed) return { ok: false, retryAfterSeconds: 1, reason: 'BUSY' };
  // Attempts in flight count against the daily ceiling, so concurrency over many doors cannot pass it.
  if (site.daily.length + Object.keys(site.inflight).length >= lockdownAt(p)) return { ok: false, retryAfterSeconds: 1, reason: 'BUSY' };
  lock.inflight[id] = now + t.reservationLeaseMs;
  site.inflight[id] = now + t.reservationLeaseMs;
  return { ok: true };
}

/** Gives reservation `id`'s slot back; unknown or expired ids are a no-op. */
export function releaseSlot(lock: LockState, site: SiteState, id: string, now: number, t: LockoutTimings): void {
  delete lock.inflight[id];
  delete site.inflight[id];
  pruneLock(lock, now, t);
  pruneSite(site, now, t);
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
  delete site.inflight[id];
  pruneLock(lock, now, t);
  pruneSite(site, now, t);
  const siteSpent = site.failures.length >= p.siteFailureBudget;
  site.failures.push(now);
  if (site.failures.length > p.siteFailureBudget) site.failures.splice(0, site.failures.length - p.siteFailureBudget);
  site.daily.push(now);
  if (site.daily.length > lockdownAt(p)) site.daily.splice(0, site.daily.length - lockdownAt(p));
  const wasHardened = site.hardenedUntil > now;
  const hardens = !wasHardened && site.daily.length >= p.dailyFailureBudget;
  if (hardens) site.hardenedUntil = now + t.dailyWindowMs;
  if (site.daily.length >= lockdownAt(p)) site.lockedDownUntil = Math.max(site.lockedDownUntil, site.hardenedUntil, now + 1);
  const hardening = hardens ? { siteHardened: true as const, hardenedUntil: site.hardenedUntil, failures24h: site.daily.length } : {};
  // A check that began before a lockout started: the site counts it, the lock's fresh count does not.
  if (lock.lockedUntil > now) return { lockoutStarted: false, retryAfterSeconds: secondsUntil(lock.lockedUntil, now), ...hardening };
  lock.failures.push(now);
  const hardened = site.hardenedUntil > now;
  if (lock.failures.length < p.maxFailedAttempts && !siteSpent && !hardened) return { lockoutStarted: false, ...hardening };
  lock.lockouts.push(now);
  if (lock.lockouts.length > MAX_LOCKOUTS_KEPT) lock.lockouts.splice(0, lock.lockouts.length - MAX_LOCKOUTS_KEPT);
  const seconds = Math.min(t.maxLockoutSeconds, p.lockoutSeconds * 2 ** (lock.lockouts.length - 1));
  // Hardened: the door stays shut for the rest of the hardening.
  lock.lockedUntil = hardened ? Math.max(site.hardenedUntil, now + seconds * 1000) : now + seconds * 1000;
  lock.failures = [];
  return { lockoutStarted: true, retryAfterSeconds: secondsUntil(lock.lockedUntil, now), ...hardening };
}

/** Clears a lock's lockout and its counters (an admin's `clearLockout`); reservations in flight stay. */
export function clearLock(lock: LockState): LockState {
  lock.failures = [];
  lock.lockouts = [];
  lock.lockedUntil = 0;
  return lock;
}

/** Clears a site's daily counter, hardening and lockdown (an admin's `clearSiteHardening`). */
export function clearSite(site: SiteState): SiteState {
  site.daily = [];
  site.hardenedUntil = 0;
  site.lockedDownUntil = 0;
  return site;
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
  const daily = union(site.daily, other.daily.filter((at) => at > now - t.dailyWindowMs));
  site.daily = daily.slice(Math.max(0, daily.length - lockdownAt(p)));
  if (other.hardenedUntil > Math.max(site.hardenedUntil, now)) site.hardenedUntil = other.hardenedUntil;
  if (other.lockedDownUntil > Math.max(site.lockedDownUntil, now)) site.lockedDownUntil = other.lockedDownUntil;
  return site;
}

/** The lock's lockout at `now`, the site's lockdown included (prunes both states). */
export function lockStatus(lock: LockState, site: SiteState, now: number, t: LockoutTimings): LockStatus {
  pruneLock(lock, now, t);
  pruneSite(site, now, t);
  const until = Math.max(lock.lockedUntil, site.lockedDownUntil);
  return { lockedOut: until > now, until: until > now ? until : null, failures: lock.failures.length };
}
