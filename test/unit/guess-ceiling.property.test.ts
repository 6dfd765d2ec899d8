import fc from 'fast-check';
import { MemoryLockoutCounters } from '../../src/infra/memory/lockout.memory';
import { failedGuessCeiling, lockoutExposure, perDoorMax24h } from '../../src/modules/access/guess-ceiling';
import type { LockoutPolicy, LockoutReservation } from '../../src/modules/access/lockout.port';

const DAY = 86_400_000;
const defaults: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };

/**
 * The best attacker against the real lockout rules (the memory adapter) with a fake clock: at every
 * step it takes every attempt any door accepts, at once, holds them `holds[i]` ms (under the lease),
 * fails them all, and when no door accepts it waits only until the soonest door may (plus
 * `gaps[i]`). Returns the most failures in any 24 h over `horizonMs`.
 */
async function attack(policy: LockoutPolicy, doors: number, holds: number[], gaps: number[], horizonMs = 2 * DAY): Promise<number> {
  let now = Date.UTC(2026, 11, 3);
  const start = now;
  const counters = new MemoryLockoutCounters({ now: () => now });
  const keys = Array.from({ length: doors }, (_, i) => ({ siteId: 'site', lockId: `door-${i}` }));
  const failures: number[] = [];
  for (let step = 0; now - start < horizonMs; step++) {
    const taken: LockoutReservation[] = [];
    let soonest = Infinity;
    for (const key of keys) {
      for (;;) {
        const r = await counters.reserve(key, policy);
        if (!r.ok) {
          soonest = Math.min(soonest, r.retryAfterSeconds * 1000);
          break;
        }
        taken.push(r.reservation);
      }
    }
    if (taken.length > 0) {
      now += holds[step % holds.length];
      for (const r of taken) {
        await counters.fail(r);
        failures.push(now);
      }
    } else {
      now += soonest + gaps[step % gaps.length];
    }
  }
  let most = 0;
  for (let lo = 0, hi = 0; hi < failures.length; hi++) {
    while (failures[lo] <= failures[hi] - DAY) lo++;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

describe('the failed-guess ceiling', () => {
  it('is 100 with the default policy, whatever the number of doors, and 495 for one door under its own lockout alone', () => {
    expect(perDoorMax24h(defaults)).toBe(495);
    for (const doors of [1, 20, 200, 5000]) expect(failedGuessCeiling(defaults, doors)).toBe(100);
    expect(failedGuessCeiling({ ...defaults, dailyFailureBudget: 1000, siteLockdownBudget: 1000 }, 2)).toBe(990);
    expect(failedGuessCeiling(defaults, 0)).toBe(0);
  });

  it.each([1, 20, 200])('holds against the best attacker at %i doors with the default policy (at most 100 in 24 h)', async (doors) => {
    const most = await attack(defaults, doors, [0], [0]);
    expect(most).toBeLessThanOrEqual(failedGuessCeiling(defaults, doors));
    expect(most).toBeLessThanOrEqual(100);
    // The attacker does reach it over many doors (the bound is not vacuous); one door shuts for the day after the daily budget.
    expect(most).toBe(doors === 1 ? 50 : 100);
  });

  it('holds against the best attacker for any policy, number of doors and timing', async () => {
    const policy = fc.record({
      maxFailedAttempts: fc.integer({ min: 1, max: 10 }),
      lockoutSeconds: fc.integer({ min: 1, max: 900 }),
      siteFailureBudget: fc.integer({ min: 1, max: 50 }),
      dailyFailureBudget: fc.integer({ min: 1, max: 80 }),
      siteLockdownBudget: fc.integer({ min: 1, max: 80 }),
    });
    const timing = fc.array(fc.integer({ min: 0, max: 29_000 }), { minLength: 1, maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(policy, fc.integer({ min: 1, max: 200 }), timing, timing, async (p, doors, holds, gaps) => {
        const most = await attack(p, doors, holds, gaps);
        expect(most).toBeLessThanOrEqual(failedGuessCeiling(p, doors));
      }),
      { numRuns: 40 },
    );
  });
});

describe('the price of the rules', () => {
  it('lets one attacker keep one door, and with the last stage the whole site, shut for almost all of a day', () => {
    const { door, site } = lockoutExposure(defaults);
    expect({ door: door.toFixed(4), site: site.toFixed(4) }).toEqual({ door: '0.9983', site: '0.9965' });
    // One door: 50 guesses of 3 s spend the daily budget, and the door stays shut for the rest of the 24 h.
    expect(door).toBeGreaterThan(0.99);
    expect(door).toBeLessThan(1);
    // The site: 100 guesses door after door (about 5 minutes) shut every keypad until the hardening ends.
    expect(site).toBeGreaterThan(0.99);
    expect(site).toBeLessThan(1);
    // A larger lockdown budget takes longer to spend, so the site is shut for less of the day.
    expect(lockoutExposure({ ...defaults, siteLockdownBudget: 1000 }).site).toBeLessThan(site);
  });
});
