import type { LockoutPolicy } from './lockout.port';
import { defaultLockoutTimings } from './lockout.port';
import { normalizePolicy } from './lockout.rules';

/** The lockout policy with the daily stages of DESIGN.md rule 10 (absent fields take their defaults). */
export type GuessPolicy = LockoutPolicy & { dailyFailureBudget?: number; siteLockdownBudget?: number };

const DAY_S = 86_400;
const DEFAULT_DAILY_FAILURE_BUDGET = 50;
const DEFAULT_SITE_LOCKDOWN_BUDGET = 50;

/**
 * Failures one door alone allows in 24 h: bursts of `maxFailedAttempts` each followed by a lockout
 * doubling from `lockoutSeconds` up to the cap (the repeat window is a day, so it never resets).
 * The failures themselves are taken as instantaneous, which only over-counts.
 */
function perDoorMax24h(policy: GuessPolicy): number {
  const p = normalizePolicy(policy);
  let failures = 0;
  let elapsed = 0;
  for (let lockouts = 0; elapsed < DAY_S; lockouts++) {
    failures += p.maxFailedAttempts;
    elapsed += Math.min(defaultLockoutTimings.maxLockoutSeconds, p.lockoutSeconds * 2 ** lockouts);
  }
  return failures;
}

function siteCeiling(policy: GuessPolicy): number {
  const daily = policy.dailyFailureBudget ?? DEFAULT_DAILY_FAILURE_BUDGET;
  const lockdown = policy.siteLockdownBudget ?? DEFAULT_SITE_LOCKDOWN_BUDGET;
  return daily + lockdown;
}

/** G of DESIGN.md rule 14: the most failed guesses in 24 h at `doors` doors of a site at once. */
export function failedGuessCeiling(policy: GuessPolicy, doors: number): number {
  return Math.min(Math.max(0, doors) * perDoorMax24h(policy), siteCeiling(policy));
}

/**
 * The price of the rules, as shares of 24 h: `door`, how long one attacker at one door can keep that
 * door locked out; `site`, how long one attacker can keep the whole site shut (once the last stage is
 * reached, for the rest of the day; the minutes it takes to get there are not subtracted).
 */
export function lockoutExposure(policy: GuessPolicy): { door: number; site: number } {
  const p = normalizePolicy(policy);
  let locked = 0;
  let elapsed = 0;
  for (let lockouts = 0; elapsed < DAY_S; lockouts++) {
    const seconds = Math.min(defaultLockoutTimings.maxLockoutSeconds, p.lockoutSeconds * 2 ** lockouts, DAY_S - elapsed);
    locked += seconds;
    elapsed += seconds;
  }
  // An attacker at enough doors at once spends the whole ceiling within minutes; the last stage then
  // shuts every keypad of the site for the rest of the window.
  return { door: locked / DAY_S, site: 1 };
}
