import { randomUUID } from 'node:crypto';
import type { AccessAttempts, AttemptStart } from '../../src/modules/access/access-attempts.port';
import type { AccessCache, CachedGrants, CachedPin } from '../../src/modules/access/access-cache.port';
import type { LockoutCounters, LockoutKey, LockoutPolicy } from '../../src/modules/access/lockout.port';
import { manualClock, type ManualClock } from '../support/clock.support';

export interface AccessAttemptsFixture {
  attempts: AccessAttempts;
  /** Releases and fails the attempts' reservations; on the same store as `attempts`. */
  lockout: LockoutCounters;
  /** Where the test puts entries: the cache `attempts` reads. */
  cache: AccessCache;
  /** Makes the cache unreadable for `attempts` (the lockout counters still answer). */
  cacheDown(): void;
  close(): Promise<void>;
}

const policy: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };
const digestOf = () => randomUUID().replaceAll('-', '').repeat(2);

/** The AccessAttempts contract, run against every adapter. */
export function accessAttemptsContract(name: string, makeFixture: (clock: ManualClock) => Promise<AccessAttemptsFixture>): void {
  describe(`AccessAttempts contract: ${name}`, () => {
    const clock = manualClock();
    let f: AccessAttemptsFixture;

    beforeAll(async () => {
      f = await makeFixture(clock);
    });
    afterAll(() => f?.close());

    const newLock = (siteId = randomUUID()): LockoutKey => ({ siteId, lockId: randomUUID() });
    const started = (r: AttemptStart) => {
      if (!r.ok) throw new Error(`expected a reservation, got ${JSON.stringify(r)}`);
      return r;
    };

    /** An ACTIVE PIN at `key`'s site with one all-day permission at `key`'s lock. */
    async function activePin(key: LockoutKey, grants: CachedGrants | null = { permissions: [{ validFrom: null, validUntil: null, days: null, start: null, end: null }], version: 3 }) {
      const digest = digestOf();
      const pin: CachedPin = { pinId: randomUUID(), userId: randomUUID(), status: 'ACTIVE', version: 3 };
      await f.cache.putPin(key.siteId, digest, pin);
      if (grants) await f.cache.putGrants(pin.userId, key.lockId, grants);
      return { digest, pin, grants };
    }

    it('takes a slot and reports a miss as null, holding the slot', async () => {
      const key = newLock();
      const r = started(await f.attempts.start(key, policy, digestOf()));
      expect(r).toMatchObject({ released: false, pin: null, grants: undefined });
      expect(r.reservation).toMatchObject({ siteId: key.siteId, lockId: key.lockId });
      const held = await Promise.all(Array.from({ length: 4 }, () => f.attempts.start(key, policy, digestOf())));
      expect(held.every((h) => h.ok)).toBe(true);
      expect(await f.attempts.start(key, policy, digestOf())).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
    });

    it('gives the slot of an ACTIVE PIN back at once and brings its grants at the lock', async () => {
      const key = newLock();
      const { digest, pin, grants } = await activePin(key);
      for (let i = 0; i < 3 * policy.maxFailedAttempts; i++) {
        expect(await f.attempts.start(key, policy, digest)).toEqual({ ok: true, reservation: expect.objectContaining({ lockId: key.lockId }), released: true, pin, grants });
      }
    });

    it('reports an ACTIVE PIN without grants at the lock as a grants miss', async () => {
      const key = newLock();
      const { digest, pin } = await activePin(key, null);
      await f.cache.putGrants(pin.userId, randomUUID(), { permissions: [], version: 3 });
      expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: true, pin, grants: null });
    });

    it('returns pending grants as they are, for the caller to ask the database', async () => {
      const key = newLock();
      const { digest, pin } = await activePin(key, { permissions: [], version: 4, pending: true });
      expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: true, pin, grants: { permissions: [], version: 4, pending: true } });
    });

    it('holds the slot of a BLOCKED or REPLACED PIN, and reads no grants', async () => {
      const key = newLock();
      for (const status of ['BLOCKED', 'REPLACED'] as const) {
        const { digest, pin } = await activePin(key);
        const entry = { ...pin, status, version: 4 };
        await f.cache.putPin(key.siteId, digest, entry);
        expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: false, pin: entry, grants: undefined });
      }
      await Promise.all(Array.from({ length: 3 }, async () => started(await f.attempts.start(key, policy, digestOf()))));
      expect(await f.attempts.start(key, policy, digestOf())).toEqual({ ok: false, reason: 'BUSY', retryAfterSeconds: 1 });
    });

    it('holds the slot of a pending PIN entry and returns it as pending', async () => {
      const key = newLock();
      const { digest, pin } = await activePin(key);
      const pending = { ...pin, version: 5, pending: true };
      await f.cache.putPin(key.siteId, digest, pending);
      expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: false, pin: pending, grants: undefined });
    });

    it('keys PINs by site: the same digest at another site is a miss', async () => {
      const key = newLock();
      const { digest } = await activePin(key);
      expect(started(await f.attempts.start(newLock(), policy, digest))).toMatchObject({ released: false, pin: null });
    });

    it('counts a failed reservation: maxFailedAttempts failures lock out, and the PIN is not read then', async () => {
      const key = newLock();
      const { digest } = await activePin(key);
      let last = { lockoutStarted: false };
      for (let i = 0; i < policy.maxFailedAttempts; i++) last = await f.lockout.fail(started(await f.attempts.start(key, policy, digestOf())).reservation);
      expect(last).toEqual({ lockoutStarted: true, retryAfterSeconds: 60 });
      expect(await f.attempts.start(key, policy, digest)).toEqual({ ok: false, reason: 'LOCKED_OUT', retryAfterSeconds: 60 });
      clock.advance(60_000);
      expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: true });
    });

    it('gives a released reservation back to the lock', async () => {
      const key = newLock();
      const held = await Promise.all(Array.from({ length: 5 }, async () => started(await f.attempts.start(key, policy, digestOf()))));
      expect((await f.attempts.start(key, policy, digestOf())).ok).toBe(false);
      await f.lockout.release(held[0].reservation);
      expect((await f.attempts.start(key, policy, digestOf())).ok).toBe(true);
    });

    // Last: the fixture's cache stays unreadable.
    it('still takes a slot when the cache cannot be read, and reports the PIN as unknown (undefined)', async () => {
      const key = newLock();
      const { digest } = await activePin(key);
      f.cacheDown();
      expect(started(await f.attempts.start(key, policy, digest))).toMatchObject({ released: false, pin: undefined, grants: undefined });
    });
  });
}
