import { defaultLockoutTimings as t } from '../../src/modules/access/lockout.port';
import { mergeLockState, mergeSiteState, parseLockState, parseSiteState, type LockState } from '../../src/modules/access/lockout.rules';

const policy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 4, dailyFailureBudget: 3, siteLockdownBudget: 2 };
const now = Date.UTC(2026, 11, 3, 9, 0, 0);
const lock = (s: Partial<LockState>): LockState => parseLockState(s);

describe('merging lockout state between Redis and the database', () => {
  it('counts a failure both stores hold once, and one only the other store holds as well', () => {
    const merged = mergeLockState(lock({ failures: [now - 3000, now - 2000, now - 2000] }), lock({ failures: [now - 3000, now - 2000, now - 1000] }), policy, now, t);
    expect(merged.failures).toEqual([now - 3000, now - 2000, now - 2000, now - 1000]);
  });

  it('keeps the later lockout, and drops failures from before the latest lockout started', () => {
    const redis = lock({ failures: [now - 9000, now - 8000], lockouts: [], lockedUntil: 0 });
    const sql = lock({ failures: [now - 1000], lockouts: [now - 5000], lockedUntil: now + 55_000 });
    const merged = mergeLockState(redis, sql, policy, now, t);
    expect(merged).toMatchObject({ failures: [now - 1000], lockouts: [now - 5000], lockedUntil: now + 55_000 });
  });

  it('leaves at most maxFailedAttempts - 1 failures, so the next one locks out', () => {
    const merged = mergeLockState(lock({ failures: [1, 2, 3].map((s) => now - s * 1000) }), lock({ failures: [4, 5, 6].map((s) => now - s * 1000) }), policy, now, t);
    expect(merged.failures).toEqual([4, 3, 2, 1].map((s) => now - s * 1000));
  });

  it('forgets what is outside the windows, and keeps its own reservations in flight only', () => {
    const mine = lock({ inflight: { a: now + 1000 } });
    const other = lock({ failures: [now - t.failureWindowMs], lockedUntil: now - 1, lockouts: [now - t.repeatWindowMs], inflight: { b: now + 1000 } });
    expect(mergeLockState(mine, other, policy, now, t)).toEqual({ failures: [], lockouts: [], lockedUntil: 0, inflight: { a: now + 1000 } });
  });

  it('adds up the site failures of both stores, keeping the newest siteFailureBudget', () => {
    const merged = mergeSiteState(parseSiteState({ failures: [now - 5000, now - 3000, now - 1000] }), parseSiteState({ failures: [now - 4000, now - 3000, now - 2000, now - t.siteWindowMs] }), policy, now, t);
    expect(merged.failures).toEqual([now - 4000, now - 3000, now - 2000, now - 1000]);
  });

  it('keeps the daily failures of both stores (newest daily + lockdown budget) and the later hardening and lockdown', () => {
    const redis = parseSiteState({ daily: [now - 5000, now - 1000], hardenedUntil: 0 });
    const sql = parseSiteState({ daily: [now - 4000, now - 3000, now - 2000, now - t.dailyWindowMs], hardenedUntil: now + 60_000, lockedDownUntil: now + 60_000 });
    const merged = mergeSiteState(redis, sql, policy, now, t);
    expect(merged.daily).toEqual([now - 5000, now - 4000, now - 3000, now - 2000, now - 1000]);
    expect(merged).toMatchObject({ hardenedUntil: now + 60_000, lockedDownUntil: now + 60_000 });
  });
});
