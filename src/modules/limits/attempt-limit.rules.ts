import type { AttemptLimitOptions } from './attempt-limiter.port';

/**
 * The decisions of an AttemptLimiter as pure functions, with no I/O: the memory and SQL adapters
 * run them over the attempts they store. Times are epoch milliseconds.
 */

/** One stored attempt of a key: a reservation in flight (until its lease ends) or a counted one. */
export interface AttemptEntry {
  counted: boolean;
  /** End of the lease, or of the window for a counted attempt; the entry is ignored from then on. */
  expiresAt: number;
}

export type SlotDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export const MAX_STORED_KEY_LENGTH = 200;

/** The key as stored: scoped, so limiters sharing a store never share a key. */
export function storedKey(scope: string, key: string): string {
  const stored = `${scope}:${key}`;
  if (stored.length > MAX_STORED_KEY_LENGTH) throw new Error(`attempt limiter: key longer than ${MAX_STORED_KEY_LENGTH} characters`);
  return stored;
}

/** Clamps configured options to sane values (a limit of at least 1, durations of at least 1 ms). */
export function normalizeLimit(o: AttemptLimitOptions): AttemptLimitOptions {
  const atLeastOne = (n: number): number => (Number.isFinite(n) ? Math.max(1, Math.floor(n)) : 1);
  return { scope: o.scope, limit: atLeastOne(o.limit), windowMs: atLeastOne(o.windowMs), leaseMs: atLeastOne(o.leaseMs) };
}

/**
 * Whether a key whose stored attempts are `entries` has a free slot at `now`; if not, the whole
 * seconds until enough of them may have left: a reservation in flight may be released at once
 * (1 s), a counted attempt leaves when its window ends.
 */
export function slotDecision(entries: readonly AttemptEntry[], limit: number, now: number): SlotDecision {
  const frees = entries
    .filter((e) => e.expiresAt > now)
    .map((e) => (e.counted ? e.expiresAt : now + 1000))
    .sort((a, b) => a - b);
  if (frees.length < limit) return { ok: true };
  const at = frees[frees.length - limit];
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((at - now) / 1000)) };
}
