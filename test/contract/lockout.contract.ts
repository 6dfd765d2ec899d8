import { randomUUID } from 'node:crypto';
import type { LockoutCounters, LockoutKey, LockoutPolicy, LockoutReservation, ReserveResult } from '../../src/modules/access/lockout.port';
import { manualClock, type ManualClock } from '../support/clock.support';

export interface LockoutFixture {
  /** Built with `now: clock.now` and the default timings. */
  counters: LockoutCounters;
  close(): Promise<void>;
}

const policy: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };
const MINUTE = 60_000;

/** The LockoutCounters contract (DESIGN.md rule 10), run against every adapter. */
export function lockoutContract(name: string, makeFixture: (clock: ManualClock) => Promise<LockoutFixture>): void {
  describe(`LockoutCounters contract: ${name}`, () => {
    const clock = manualClock();
    let f: LockoutFixture;
    let counters: LockoutCounters;

    beforeAll(async () => {
      f = await makeFixture(clock);
      counters = f.counters;
    });
    afterAll(() => f?.close());

    const newLock = (siteId = randomUUID()): LockoutKey => ({ siteId, lockId: randomUUID() });

    async function take(key: LockoutKey, p: LockoutPolicy = policy): Promise<LockoutReservation> {
      const r = await counters.reserve(key, p);
      if (!r.ok) throw new Error(`expected a reservation, got ${JSON.stringify(r)}`);
      return r.reservation;
    }

    /** Reserves and fails `n` times in a row; returns the last FailResult. */
    async function failTimes(key: LockoutKey, n: number, p: LockoutPolicy = policy) {
      let last = { lockoutStarted: false } as Awaited<ReturnType<LockoutCounters['fail']>>;
      for (let i = 0; i < n; i++) last = await counters.fail(await take(key, p));
      return last;
    }

    const refused = (r: ReserveResult) => (r.ok ? null : r);

    it('lets at most maxFailedAttempts of 200 concurrent attempts through, the rest BUSY', async () => {
      const key = newLock();
      const results = await Promise.all(Array.from({ length: 200 }, () => counters.reserve(key, policy)));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      for (const r of results.filter((x) => !x.ok)) {
        expect(r).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
      }
    });

    it('gives a released slot back', async () => {
      const key = newLock();
      const held = await Promise.all(Array.from({ length: 5 }, () => take(key)));
      expect(refused(await counters.reserve(key, policy))?.reason).toBe('BUSY');
      await counters.release(held[0]);
      const again = await take(key);
      expect(again.lockId).toBe(key.lockId);
      expect(refused(await counters.reserve(key, policy))?.reason).toBe('BUSY');
    });

    it('counts nothing for refused or released attempts', async () => {
      const key = newLock();
      const results = await Promise.all(Array.from({ length: 200 }, () => counters.reserve(key, policy)));
      await Promise.all(results.flatMap((r) => (r.ok ? [counters.release(r.reservation)] : [])));
      expect(await failTimes(key, 4)).toEqual({ lockoutStarted: false });
      expect((await failTimes(key, 1)).lockoutStarted).toBe(true);
    });

    it('locks the keypad out for lockoutSeconds after maxFailedAttempts failures', async () => {
      const key = newLock();
      expect(await failTimes(key, 4)).toEqual({ lockoutStarted: false });
      expect(await failTimes(key, 1)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 60 });
      clock.advance(59_500);
      expect(await counters.reserve(key, policy)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 1 });
      clock.advance(500);
      await counters.release(await take(key));
    });

    it('restarts the count after a lockout, and LOCKED_OUT attempts count nothing', async () => {
      const key = newLock();
      await failTimes(key, 5);
      for (let i = 0; i < 20; i++) expect((await counters.reserve(key, policy)).ok).toBe(false);
      clock.advance(60_000);
      expect(await failTimes(key, 4)).toEqual({ lockoutStarted: false });
    });

    it('counts only the failures of the last 10 minutes', async () => {
      const key = newLock();
      await failTimes(key, 4);
      clock.advance(10 * MINUTE);
      expect(await failTimes(key, 4)).toEqual({ lockoutStarted: false });
      expect((await failTimes(key, 1)).lockoutStarted).toBe(true);
    });

    it('doubles each repeated lockout within 24 hours, capped at 900 s, and starts over after', async () => {
      const key = newLock();
      const roomy = { ...policy, siteFailureBudget: 1000 };
      const lengths: Array<number | undefined> = [];
      for (let i = 0; i < 6; i++) {
        const result = await failTimes(key, 5, roomy);
        expect(result.lockoutStarted).toBe(true);
        lengths.push(result.retryAfterSeconds);
        expect(refused(await counters.reserve(key, roomy))?.retryAfterSeconds).toBe(result.retryAfterSeconds);
        clock.advance(result.retryAfterSeconds! * 1000);
      }
      expect(lengths).toEqual([60, 120, 240, 480, 900, 900]);
      clock.advance(24 * 60 * MINUTE);
      expect(await failTimes(key, 5, roomy)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
    });

    it('starts one lockout when the failures of every attempt in flight arrive at once', async () => {
      const key = newLock();
      const held = await Promise.all(Array.from({ length: 5 }, () => take(key)));
      const results = await Promise.all(held.map((r) => counters.fail(r)));
      expect(results.filter((r) => r.lockoutStarted)).toEqual([{ lockoutStarted: true, retryAfterSeconds: 60 }]);
    });

    it('keeps locks apart, and follows the policy given with each attempt', async () => {
      const siteId = randomUUID();
      const a = newLock(siteId);
      const b = newLock(siteId);
      await failTimes(a, 5);
      expect(refused(await counters.reserve(a, policy))?.reason).toBe('LOCKED_OUT');
      expect(await failTimes(b, 4)).toEqual({ lockoutStarted: false });
      const strict = { maxFailedAttempts: 2, lockoutSeconds: 30, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };
      const c = newLock();
      expect(await failTimes(c, 1, strict)).toEqual({ lockoutStarted: false });
      expect(await failTimes(c, 1, strict)).toEqual({ lockoutStarted: true, retryAfterSeconds: 30 });
    });

    it('once the site budget is spent, locks every lock out after one failure, yet a right PIN opens', async () => {
      const siteId = randomUUID();
      const p = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 6, dailyFailureBudget: 50, siteLockdownBudget: 50 };
      const [a, b, c, d, e] = Array.from({ length: 5 }, () => newLock(siteId));
      expect(await failTimes(a, 3, p)).toEqual({ lockoutStarted: false });
      expect(await failTimes(b, 3, p)).toEqual({ lockoutStarted: false });

      // One attempt in flight per lock, so one failure is the most a lock can take.
      const first = await take(c, p);
      expect(await counters.reserve(c, p)).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
      await counters.release(first); // a right PIN: GRANTED
      await counters.release(await take(c, p));
      expect(await counters.fail(await take(c, p))).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      expect(refused(await counters.reserve(c, p))?.reason).toBe('LOCKED_OUT');
      expect(await failTimes(a, 1, p)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      expect(await failTimes(d, 1, p)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });

      // A different site is not affected.
      expect(await failTimes(newLock(), 4, p)).toEqual({ lockoutStarted: false });

      clock.advance(10 * MINUTE);
      expect(await failTimes(e, 4, p)).toEqual({ lockoutStarted: false });
    });

    it('frees the slot of an attempt never finished after its lease, yet counts its late failure', async () => {
      const key = newLock();
      const stale = await Promise.all(Array.from({ length: 5 }, () => take(key)));
      expect(refused(await counters.reserve(key, policy))?.reason).toBe('BUSY');
      clock.advance(30_000);
      const fresh = await take(key);
      for (const r of stale.slice(0, 4)) expect(await counters.fail(r)).toEqual({ lockoutStarted: false });
      expect(await counters.fail(fresh)).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      // A check that began before the lockout: counted, no second lockout, and it says how long.
      expect(await counters.fail(stale[4])).toEqual({ lockoutStarted: false, retryAfterSeconds: 60 });
    });

    describe('the daily stages', () => {
      const DAY = 86_400_000;
      // Daily budget 3, last stage at 3 + 2 = 5 failures.
      const daily: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 3, siteLockdownBudget: 2 };

      it('hardens the site once the daily budget is spent, says so once, and then locks every door at its first failure', async () => {
        const siteId = randomUUID();
        const [a, b, c, d] = Array.from({ length: 4 }, () => newLock(siteId));
        expect(await failTimes(a, 1, daily)).toEqual({ lockoutStarted: false });
        expect(await failTimes(b, 1, daily)).toEqual({ lockoutStarted: false });
        const hardening = await failTimes(c, 1, daily);
        expect(hardening).toEqual({ lockoutStarted: true, retryAfterSeconds: DAY / 1000, siteHardened: true, hardenedUntil: clock.now() + DAY, failures24h: 3 });
        expect(await counters.siteStatus(siteId, daily)).toEqual({ hardened: true, hardenedUntil: clock.now() + DAY, lockedDown: false, failures24h: 3 });
        clock.advance(MINUTE);
        // A fresh door: one failure locks it for the rest of the hardening, and no second SITE_HARDENED.
        expect(await failTimes(d, 1, daily)).toEqual({ lockoutStarted: true, retryAfterSeconds: DAY / 1000 - 60 });
        expect(await counters.status(d)).toEqual({ lockedOut: true, until: clock.now() + DAY - MINUTE, failures: 0 });
        // A door with failures before the hardening: one more locks it too.
        expect(await failTimes(a, 1, daily)).toMatchObject({ lockoutStarted: true });
        expect(refused(await counters.reserve(a, daily))?.reason).toBe('LOCKED_OUT');
      });

      it('answers LOCKED_OUT at every door of the site once the last stage is reached, until the hardening ends', async () => {
        const siteId = randomUUID();
        const doors = Array.from({ length: 6 }, () => newLock(siteId));
        for (const door of doors.slice(0, 5)) await failTimes(door, 1, daily);
        const until = clock.now() + DAY;
        expect(await counters.siteStatus(siteId, daily)).toEqual({ hardened: true, hardenedUntil: until, lockedDown: true, failures24h: 5 });
        expect(await counters.reserve(doors[5], daily)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: DAY / 1000 });
        expect(await counters.status(doors[5])).toEqual({ lockedOut: true, until, failures: 0 });
        // Another site is not affected.
        await counters.release(await take(newLock(), daily));
        clock.advance(DAY);
        expect(await counters.siteStatus(siteId, daily)).toMatchObject({ hardened: false, lockedDown: false });
        await counters.release(await take(doors[5], daily));
      });

      it('counts attempts in flight against the daily ceiling, so concurrent guesses at many doors cannot pass it', async () => {
        const siteId = randomUUID();
        const doors = Array.from({ length: 20 }, () => newLock(siteId));
        const results = await Promise.all(doors.map((door) => counters.reserve(door, daily)));
        const taken = results.flatMap((r) => (r.ok ? [r.reservation] : []));
        expect(taken).toHaveLength(5);
        for (const r of results.filter((x) => !x.ok)) expect(r).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
        const outcomes = await Promise.all(taken.map((r) => counters.fail(r)));
        expect(outcomes.filter((o) => o.siteHardened)).toHaveLength(1);
        expect(refused(await counters.reserve(doors[19], daily))?.reason).toBe('LOCKED_OUT');
        expect((await counters.siteStatus(siteId, daily)).failures24h).toBe(5);
      });

      it("clears a site's hardening and last stage, and a door's lockout and counters", async () => {
        const siteId = randomUUID();
        const doors = Array.from({ length: 6 }, () => newLock(siteId));
        for (const door of doors.slice(0, 5)) await failTimes(door, 1, daily);
        await counters.clearSite(siteId);
        expect(await counters.siteStatus(siteId, daily)).toEqual({ hardened: false, hardenedUntil: null, lockedDown: false, failures24h: 0 });
        // The doors locked by the hardening stay locked until each is cleared.
        expect(refused(await counters.reserve(doors[4], daily))?.reason).toBe('LOCKED_OUT');
        await counters.release(await take(doors[5], daily));
        await counters.clearLock(doors[4]);
        expect(await counters.status(doors[4])).toEqual({ lockedOut: false, until: null, failures: 0 });
        // Its counters restarted and the site is no longer hardened: failures count toward maxFailedAttempts again.
        expect(await failTimes(doors[4], 2, daily)).toEqual({ lockoutStarted: false });
        const key = newLock();
        await failTimes(key, 3);
        expect(await counters.status(key)).toEqual({ lockedOut: false, until: null, failures: 3 });
        await counters.clearLock(key);
        expect(await failTimes(key, 4)).toEqual({ lockoutStarted: false });
      });
    });
  });
}
