import fc from 'fast-check';
import { failedGuessCeiling, offlineGuessCeiling, siteGuessCeiling } from '../../src/modules/access/guess-ceiling';

const DAY_S = 86_400;

/** Lockouts that start within 24 h, counted by their start times: 0, s, 3s, 7s, ... (2^k - 1) * s, capped at 24 h each. */
function lockoutsWithinDay(firstSeconds: number): number {
  let count = 0;
  for (let at = 0, k = 0; at < DAY_S; k++) {
    count++;
    at += Math.min(DAY_S, firstSeconds * 2 ** k);
  }
  return count;
}

describe('offlineGuessCeiling', () => {
  it('allows 33 failed guesses per door per day with the defaults (3 per lockout, 60 s doubling: 11 lockouts)', () => {
    expect(offlineGuessCeiling({ offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60 })).toBe(33);
  });

  it('counts the attempts of each lockout that starts within 24 h', () => {
    expect(offlineGuessCeiling({ offlineMaxFailedAttempts: 1, offlineLockoutSeconds: 3600 })).toBe(5); // 0, 1 h, 3 h, 7 h, 15 h
    expect(offlineGuessCeiling({ offlineMaxFailedAttempts: 10, offlineLockoutSeconds: 10 })).toBe(10 * 14);
    expect(offlineGuessCeiling({ offlineMaxFailedAttempts: 5, offlineLockoutSeconds: 30 })).toBe(60);
  });

  it('grows with the attempts per lockout and shrinks with the first lockout, over the whole policy range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 10, max: 3600 }), (attempts, seconds) => {
        const ceiling = offlineGuessCeiling({ offlineMaxFailedAttempts: attempts, offlineLockoutSeconds: seconds });
        expect(ceiling).toBe(attempts * lockoutsWithinDay(seconds));
        if (attempts < 10) expect(offlineGuessCeiling({ offlineMaxFailedAttempts: attempts + 1, offlineLockoutSeconds: seconds })).toBeGreaterThan(ceiling);
        if (seconds < 3600) expect(offlineGuessCeiling({ offlineMaxFailedAttempts: attempts, offlineLockoutSeconds: seconds * 2 })).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});

describe('siteGuessCeiling', () => {
  const policy = { maxFailedAttempts: 5, lockoutSeconds: 60, offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60 };

  it('is the online G without bridge-served doors', () => {
    expect(siteGuessCeiling(policy, 4, 0)).toBe(failedGuessCeiling(policy, 4));
    expect(siteGuessCeiling(policy, 4, 0)).toBe(100);
  });

  it("adds each bridge-served door's offline ceiling, which the site's budgets do not cap", () => {
    expect(siteGuessCeiling(policy, 4, 1)).toBe(100 + 33);
    expect(siteGuessCeiling(policy, 4, 4)).toBe(100 + 4 * 33);
    expect(siteGuessCeiling(policy, 1000, 1000)).toBe(100 + 1000 * 33);
  });
});
