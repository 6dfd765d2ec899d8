import type { ReplicaPolicy } from './replica.model';

/** Failures at one door within this window count towards a lockout. */
export const FAILURE_WINDOW_MS = 10 * 60_000;
/** Lockouts within this window double the next one. */
export const REPEAT_WINDOW_MS = 24 * 3_600_000;
/** No offline lockout lasts longer. */
export const MAX_LOCKOUT_SECONDS = 24 * 3600;

/** The bridge's own lockout counters for one door (epoch ms). */
export interface DoorLockout {
  /** Failures (INVALID_PIN, PIN_BLOCKED) since the last lockout, within the failure window. */
  failures: number[];
  lockedUntil: number | null;
  /** When the lockouts of the last 24 h started. */
  lockouts: number[];
}

export const openDoor = (): DoorLockout => ({ failures: [], lockedUntil: null, lockouts: [] });

/** Seconds left of the door's lockout (rounded up), or null when it is not locked out. */
export function lockedOutFor(state: DoorLockout, now: number): number | null {
  return state.lockedUntil !== null && state.lockedUntil > now ? Math.ceil((state.lockedUntil - now) / 1000) : null;
}

export interface FailureOutcome {
  state: DoorLockout;
  /** Set when this failure started a lockout. */
  started: { failedAttempts: number; seconds: number } | null;
}

/**
 * Counts a failure: `offlineMaxFailedAttempts` of them within 10 minutes lock the door for
 * `offlineLockoutSeconds`, doubled per lockout in the last 24 h, capped at 24 h.
 */
export function countFailure(state: DoorLockout, policy: Pick<ReplicaPolicy, 'offlineMaxFailedAttempts' | 'offlineLockoutSeconds'>, now: number): FailureOutcome {
  const failures = [...state.failures.filter((t) => t > now - FAILURE_WINDOW_MS), now];
  const lockouts = state.lockouts.filter((t) => t > now - REPEAT_WINDOW_MS);
  if (failures.length < policy.offlineMaxFailedAttempts) return { state: { ...state, failures, lockouts }, started: null };
  const seconds = Math.min(MAX_LOCKOUT_SECONDS, policy.offlineLockoutSeconds * 2 ** Math.min(lockouts.length, 20));
  return {
    state: { failures: [], lockedUntil: now + seconds * 1000, lockouts: [...lockouts, now] },
    started: { failedAttempts: failures.length, seconds },
  };
}
