import fc from 'fast-check';
import { failedGuessCeiling, lockoutExposure } from '../../src/modules/access/guess-ceiling';
import { guessingRisk, KEYPAD_LENGTHS, targetLength } from '../../src/modules/risk/guessing-risk';

const defaults = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20 };

/** P for one explicit split, straight from DESIGN.md rule 14. */
const riskOf = (split: Map<number, number>, counts: Map<number, number>): number =>
  1 - [...split].reduce((miss, [l, g]) => miss * (1 - (counts.get(l) ?? 0) / 10 ** l) ** g, 1);

/** The best P over every integer split of `ceiling` over `lengths`. */
function bruteForce(ceiling: number, counts: Map<number, number>, lengths: number[]): number {
  let best = 0;
  const walk = (i: number, left: number, split: Map<number, number>): void => {
    if (i === lengths.length - 1) {
      best = Math.max(best, riskOf(new Map(split).set(lengths[i], left), counts));
      return;
    }
    for (let g = 0; g <= left; g++) walk(i + 1, left - g, new Map(split).set(lengths[i], g));
  };
  walk(0, ceiling, new Map());
  return best;
}

describe('guessingRisk', () => {
  it('is zero without active PINs, and names no weakest length', () => {
    expect(guessingRisk(100, new Map())).toEqual({ perDay: 0, weakestLength: null });
  });

  it('gives 1 - (1 - n/10^L)^G for PINs of one length', () => {
    const { perDay, weakestLength } = guessingRisk(100, new Map([[6, 500]]));
    expect(perDay).toBeCloseTo(1 - (1 - 500 / 1e6) ** 100, 12);
    expect(weakestLength).toBe(6);
  });

  it('spends the guesses on the fullest space, not on the length with most PINs', () => {
    const counts = new Map([
      [4, 2],
      [7, 5000],
    ]);
    expect(guessingRisk(100, counts).weakestLength).toBe(7);
    expect(guessingRisk(100, counts).perDay).toBeCloseTo(1 - (1 - 5000 / 1e7) ** 100, 12);
  });

  it('finds the best split that trying every split finds (small ceilings)', () => {
    const lengths = fc.subarray([4, 5, 6], { minLength: 1 });
    fc.assert(
      fc.property(lengths, fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 12 }), (ls, ns, ceiling) => {
        const counts = new Map(ls.map((l, i) => [l, Math.min(ns[i], 10 ** l)]));
        const expected = bruteForce(ceiling, counts, [...KEYPAD_LENGTHS.filter((l) => l <= 6)]);
        expect(guessingRisk(ceiling, counts).perDay).toBeCloseTo(expected, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('never gives more than certainty nor less than the risk of any single split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 12 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 500 }), (l, n, g) => {
        const counts = new Map([[l, Math.min(n, 10 ** l)]]);
        const { perDay } = guessingRisk(g, counts);
        expect(perDay).toBeGreaterThanOrEqual(0);
        expect(perDay).toBeLessThanOrEqual(1);
        expect(perDay).toBeGreaterThanOrEqual(riskOf(new Map([[l, g]]), counts) - 1e-12);
      }),
    );
  });
});

describe('targetLength', () => {
  it('gives 500 users 7 digits at the default target, keeping P at or under 1%', () => {
    const g = failedGuessCeiling(defaults, 20);
    expect(targetLength(g, 499, 0.01)).toBe(7);
    expect(guessingRisk(g, new Map([[7, 500]])).perDay).toBeLessThanOrEqual(0.01);
  });

  it('needs at most 9 digits for 500 users at a target of 1e-4', () => {
    const g = failedGuessCeiling(defaults, 200);
    const length = targetLength(g, 499, 1e-4);
    expect(length).toBeLessThanOrEqual(9);
    expect(guessingRisk(g, new Map([[length, 500]])).perDay).toBeLessThanOrEqual(1e-4);
  });

  it('keeps 6 digits while the risk and the 0.1% fill allow it', () => {
    expect(targetLength(100, 0, 0.01)).toBe(6);
    expect(targetLength(0, 999, 0.1)).toBe(6);
    expect(targetLength(0, 1000, 0.1)).toBe(7);
  });

  it('never returns a length whose risk is over the target unless none of 6 to 10 meets it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2_000_000 }), fc.double({ min: 1e-6, max: 0.1, noNaN: true }), (g, n, target) => {
        const length = targetLength(g, n, target);
        const shorter = [6, 7, 8, 9].filter((l) => l < length);
        for (const l of shorter) {
          const fits = n + 1 <= 0.001 * 10 ** l && guessingRisk(g, new Map([[l, n + 1]])).perDay <= target;
          expect(fits).toBe(false);
        }
        if (length < 10) expect(guessingRisk(g, new Map([[length, n + 1]])).perDay).toBeLessThanOrEqual(target);
      }),
    );
  });
});

describe('failedGuessCeiling', () => {
  it('is at most 100 with the default policy whatever the number of doors', () => {
    for (const doors of [1, 20, 200, 100_000]) expect(failedGuessCeiling(defaults, doors)).toBeLessThanOrEqual(100);
    expect(failedGuessCeiling(defaults, 0)).toBe(0);
  });

  it('follows the daily and last-stage budgets of the policy', () => {
    expect(failedGuessCeiling({ ...defaults, dailyFailureBudget: 10, siteLockdownBudget: 5 }, 50)).toBe(15);
  });

  it('shows the price of the rules as shares of a day', () => {
    const { door, site } = lockoutExposure(defaults);
    expect(door).toBeGreaterThan(0.9);
    expect(door).toBeLessThanOrEqual(1);
    expect(site).toBeGreaterThan(0.99);
    expect(site).toBeLessThanOrEqual(1);
  });
});
