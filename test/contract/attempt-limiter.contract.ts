import { randomUUID } from 'node:crypto';
import type { AttemptLimiter, AttemptLimitOptions, AttemptReservation } from '../../src/modules/limits/attempt-limiter.port';
import { manualClock, type ManualClock } from '../support/clock.support';

export interface AttemptLimiterFixture {
  /** A limiter over the fixture's one store, built with `now: clock.now`. */
  limiter(options: AttemptLimitOptions): AttemptLimiter;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const hourly: AttemptLimitOptions = { scope: 'contract', limit: 5, windowMs: HOUR, leaseMs: 30_000 };

/** The AttemptLimiter contract, run against every adapter. */
export function attemptLimiterContract(name: string, makeFixture: (clock: ManualClock) => Promise<AttemptLimiterFixture>): void {
  describe(`AttemptLimiter contract: ${name}`, () => {
    const clock = manualClock();
    let f: AttemptLimiterFixture;
    let limiter: AttemptLimiter;

    beforeAll(async () => {
      f = await makeFixture(clock);
      limiter = f.limiter(hourly);
    });
    afterAll(() => f?.close());

    async function take(key: string, l: AttemptLimiter = limiter): Promise<AttemptReservation> {
      const r = await l.reserve(key);
      if (!r.ok) throw new Error(`expected a reservation, got ${JSON.stringify(r)}`);
      return r.reservation;
    }

    async function countFree(key: string, l: AttemptLimiter = limiter): Promise<number> {
      let n = 0;
      while ((await l.reserve(key)).ok) n++;
      return n;
    }

    it('lets at most the limit of 100 concurrent reserves through, and tells the rest to retry in a second', async () => {
      const key = randomUUID();
      const results = await Promise.all(Array.from({ length: 100 }, () => limiter.reserve(key)));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      for (const r of results.filter((x) => !x.ok)) expect(r).toEqual({ ok: false, retryAfterSeconds: 1 });
    });

    it('never exceeds the limit over rounds of concurrent reserves, confirms and releases', async () => {
      const key = randomUUID();
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all(Array.from({ length: 40 }, () => limiter.reserve(key)));
        const taken = results.flatMap((r) => (r.ok ? [r.reservation] : []));
        expect([round, taken.length]).toEqual([round, 5 - round]);
        await Promise.all(taken.map((r, i) => (i === 0 ? limiter.confirm(r) : limiter.release(r))));
      }
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 3600 });
    });

    it('gives a released slot back, and counts a confirmed one for the window', async () => {
      const key = randomUUID();
      const held = await Promise.all(Array.from({ length: 5 }, () => take(key)));
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 1 });
      await limiter.release(held[0]);
      held[0] = await take(key);
      await Promise.all(held.map((r) => limiter.confirm(r)));
      await limiter.release(held[1]);
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 3600 });
      clock.advance(HOUR - 1);
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 1 });
      clock.advance(1);
      expect(await countFree(key)).toBe(5);
    });

    it('counts a confirmed reservation once, however often it is confirmed', async () => {
      const key = randomUUID();
      const r = await take(key);
      await Promise.all([limiter.confirm(r), limiter.confirm(r), limiter.confirm(r)]);
      expect(await countFree(key)).toBe(4);
    });

    it('counts over a rolling window and says when the oldest counted attempt leaves it', async () => {
      const key = randomUUID();
      for (let i = 0; i < 5; i++) {
        await limiter.confirm(await take(key));
        clock.advance(10 * MINUTE);
      }
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 600 });
      clock.advance(10 * MINUTE - 1500);
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 2 });
      clock.advance(1500);
      await limiter.confirm(await take(key));
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 600 });
    });

    it('gives back the slot of a reservation neither confirmed nor released once its lease ends, yet counts a late confirm', async () => {
      const key = randomUUID();
      const held = await Promise.all(Array.from({ length: 5 }, () => take(key)));
      clock.advance(29_999);
      expect(await limiter.reserve(key)).toEqual({ ok: false, retryAfterSeconds: 1 });
      clock.advance(1);
      await take(key);
      await limiter.confirm(held[0]);
      expect(await countFree(key)).toBe(3);
      clock.advance(30_000);
      expect(await countFree(key)).toBe(4);
    });

    it('keeps keys apart, and limiters of other scopes or limits apart', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      for (let i = 0; i < 5; i++) await limiter.confirm(await take(a));
      expect((await limiter.reserve(a)).ok).toBe(false);
      expect(await countFree(b)).toBe(5);
      const other = f.limiter({ scope: 'other', limit: 2, windowMs: MINUTE, leaseMs: 1000 });
      const r = await take(a, other);
      await other.confirm(r);
      expect(await other.reserve(a)).toEqual({ ok: true, reservation: expect.objectContaining({ key: a }) });
      expect(await other.reserve(a)).toEqual({ ok: false, retryAfterSeconds: 1 });
      clock.advance(MINUTE);
      expect(await countFree(a, other)).toBe(2);
      expect((await limiter.reserve(a)).ok).toBe(false);
    });

    it('prunes every attempt whose window or lease has ended, for all keys, and keeps the rest', async () => {
      clock.advance(48 * HOUR);
      await limiter.prune(clock.now());
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      await limiter.confirm(await take(a));
      await limiter.confirm(await take(a));
      await take(b);
      clock.advance(31_000);
      await limiter.confirm(await take(c));
      clock.advance(HOUR - 30_000);
      expect(await limiter.prune(clock.now())).toBe(3);
      expect(await limiter.prune(clock.now())).toBe(0);
      expect(await countFree(c)).toBe(4);
      clock.advance(HOUR);
      expect(await limiter.prune(clock.now())).toBe(5);
      expect(await countFree(a)).toBe(5);
    });
  });
}
