import { defaultLockoutTimings, type LockoutPolicy } from './lockout.port';
import { failSlot, lockdownAt, normalizePolicy, parseLockState, parseSiteState, reserveSlot, siteStage, type LockState } from './lockout.rules';

/** A policy as the site stores it; the daily budgets fall back to their defaults when absent. */
export type CeilingPolicy = Pick<LockoutPolicy, 'maxFailedAttempts' | 'lockoutSeconds'> & Partial<LockoutPolicy>;

const DAY_MS = 86_400_000;
/** The time one guess takes at a keypad (typing a PIN and reading the answer): what the price assumes. */
export const GUESS_MS = 3_000;

const full = (policy: CeilingPolicy): LockoutPolicy =>
  normalizePolicy({ siteFailureBudget: NaN, dailyFailureBudget: NaN, siteLockdownBudget: NaN, ...policy } as LockoutPolicy);

/**
 * The most failures one door allows in 24 h under its own lockout alone (DESIGN.md rule 10, first
 * stage): `maxFailedAttempts` at once whenever it opens, lockouts doubling from `lockoutSeconds` up
 * to 900 s. 495 with the defaults.
 */
export function perDoorMax24h(policy: CeilingPolicy): number {
  const p = full(policy);
  const t = defaultLockoutTimings;
  let failures = 0;
  let lockouts = 0;
  for (let at = 0; at < DAY_MS; ) {
    failures += p.maxFailedAttempts;
    lockouts++;
    at += Math.min(t.maxLockoutSeconds, p.lockoutSeconds * 2 ** (lockouts - 1)) * 1000;
  }
  return failures;
}

/**
 * The ceiling G of DESIGN.md rule 14: the most failed guesses an attacker can make in 24 h at
 * `doors` doors of a site at once. Each door allows at most `perDoorMax24h`, and the site at most
 * `dailyFailureBudget + siteLockdownBudget` (attempts in flight count against it, so concurrency
 * adds nothing). 100 with the defaults, whatever the number of doors.
 */
export function failedGuessCeiling(policy: CeilingPolicy, doors: number): number {
  const p = full(policy);
  return Math.min(Math.max(0, Math.floor(doors)) * perDoorMax24h(p), lockdownAt(p));
}

/**
 * The price of the rules, as shares of 24 h (0..1), for one attacker making one guess every
 * {@link GUESS_MS}: `door`, how long they can keep one door locked out by guessing at it alone;
 * `site`, how long they can keep every keypad of the site shut (the last stage) by guessing door
 * after door. Played against the lockout rules themselves, from a fresh site.
 */
export function lockoutExposure(policy: CeilingPolicy): { door: number; site: number } {
  const p = full(policy);
  return { door: play(p, 1).doorLocked / DAY_MS, site: play(p, lockdownAt(p) + 1).siteShut / DAY_MS };
}

/**
 * One attacker guessing sequentially for 24 h, door after door (the next door when the current one
 * refuses; `doors` is enough that a fresh one is always left): how long door 0 was locked out (with
 * one door) and how long the site was shut.
 */
function play(p: LockoutPolicy, doors: number): { doorLocked: number; siteShut: number } {
  const t = defaultLockoutTimings;
  const locks = new Map<number, LockState>();
  const site = parseSiteState(null);
  let doorLocked = 0;
  let siteShut = 0;
  let door = 0;
  for (let at = 0, id = 0; at < DAY_MS; id++) {
    let lock = locks.get(door);
    if (!lock) locks.set(door, (lock = parseLockState(null)));
    const decision = reserveSlot(lock, site, p, String(id), at, t);
    if (decision.ok) {
      failSlot(lock, site, p, String(id), Math.min(at + GUESS_MS, DAY_MS), t);
      at += GUESS_MS;
      continue;
    }
    const shut = siteStage(site, p, at, t).lockedDown;
    if (!shut && door + 1 < doors) {
      door++;
      continue;
    }
    const step = Math.min(decision.retryAfterSeconds * 1000, DAY_MS - at);
    if (shut) siteShut += step;
    if (doors === 1) doorLocked += step;
    at += step;
  }
  return { doorLocked, siteShut };
}

/** An offline bridge's lockout policy (DESIGN.md rule 10 as a bridge applies it on its own). */
export interface OfflineCeilingPolicy {
  offlineMaxFailedAttempts: number;
  offlineLockoutSeconds: number;
}

/** Longest lockout an offline bridge imposes. */
const OFFLINE_MAX_LOCKOUT_MS = DAY_MS;

/**
 * The most failed guesses one door allows in 24 h while its bridge decides offline:
 * `offlineMaxFailedAttempts` at once whenever its keypad opens, lockouts doubling from
 * `offlineLockoutSeconds` (capped at 24 h, so no cap bites within the day). 33 with the defaults
 * (3 per lockout, 60 s doubling: 11 lockouts start within 24 h).
 */
export function offlineGuessCeiling(policy: OfflineCeilingPolicy): number {
  const perLockout = Math.max(0, Math.floor(policy.offlineMaxFailedAttempts));
  const first = Math.max(1, policy.offlineLockoutSeconds) * 1000;
  let failures = 0;
  for (let at = 0, lockouts = 0; at < DAY_MS; lockouts++) {
    failures += perLockout;
    at += Math.min(OFFLINE_MAX_LOCKOUT_MS, first * 2 ** lockouts);
  }
  return failures;
}

/**
 * G with offline doors (DESIGN.md rule 14). A door served by a bridge is decided either online (its
 * failures count against the site's budgets, bounded by {@link failedGuessCeiling}) or by its
 * bridge while the API is unreachable, whose counters are its own and know nothing of the site's
 * budgets: an attacker who cuts a bridge off gets {@link offlineGuessCeiling} more at each of its
 * doors, on top of what the site allows online. So each bridge-served door's ceiling is the larger
 * of what it allows online and offline, and the offline part is not under the site's cap: G is the
 * online ceiling plus the offline one of every bridge-served door. Without bridges it is the online G.
 */
export function siteGuessCeiling(policy: CeilingPolicy & OfflineCeilingPolicy, doors: number, bridgedDoors: number): number {
  return failedGuessCeiling(policy, doors) + Math.max(0, Math.floor(bridgedDoors)) * offlineGuessCeiling(policy);
}
