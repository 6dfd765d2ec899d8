import { randomUUID } from 'node:crypto';
import type { AccessCache, CachedGrants, CachedLock, CachedPin } from '../../src/modules/access/access-cache.port';
import { sleep } from '../support/clock.support';

export interface AccessCacheFixture {
  /** An adapter whose entries live `ttlMs`. */
  cache: AccessCache;
  ttlMs: number;
  /** The same store as seen after it restarted (memory: a new process; Redis: a new run_id). */
  restarted(): AccessCache;
  close(): Promise<void>;
}

const pin = (version: number, status: CachedPin['status'] = 'ACTIVE'): CachedPin => ({
  pinId: randomUUID(),
  userId: randomUUID(),
  status,
  version,
});

const grants = (version: number, count = 1): CachedGrants => ({
  permissions: Array.from({ length: count }, (_, i) => ({
    validFrom: i === 0 ? null : Date.UTC(2026, 0, 1),
    validUntil: i === 0 ? null : Date.UTC(2027, 0, 1),
    days: i === 0 ? null : ['MON', 'TUE', 'FRI'],
    start: i === 0 ? null : '22:00',
    end: i === 0 ? null : '06:00',
  })),
  version,
});

const lock = (version: number, siteId = randomUUID()): CachedLock => ({
  siteId,
  pinEnabled: true,
  timezone: 'Europe/Berlin',
  maxFailedAttempts: 5,
  lockoutSeconds: 60,
  siteFailureBudget: 20,
  dailyFailureBudget: 50,
  siteLockdownBudget: 50,
  version,
});

const digest = (): string => randomUUID().replace(/-/g, '').repeat(2);

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The AccessCache contract (DESIGN.md section 3), run against every adapter. */
export function accessCacheContract(name: string, makeFixture: () => Promise<AccessCacheFixture>): void {
  describe(`AccessCache contract: ${name}`, () => {
    let f: AccessCacheFixture;
    let cache: AccessCache;

    beforeAll(async () => {
      f = await makeFixture();
      cache = f.cache;
    });
    afterAll(() => f?.close());

    it('answers null for entries never put', async () => {
      expect(await cache.getPin(randomUUID(), digest())).toBeNull();
      expect(await cache.getGrants(randomUUID(), randomUUID())).toBeNull();
      expect(await cache.getLock(randomUUID())).toBeNull();
    });

    it('returns each kind of entry as it was put', async () => {
      const [siteId, d, userId, lockId] = [randomUUID(), digest(), randomUUID(), randomUUID()];
      const p = pin(3);
      const g = grants(4, 2);
      const l = lock(5, siteId);
      expect(await cache.putPin(siteId, d, p)).toBe(true);
      expect(await cache.putGrants(userId, lockId, g)).toBe(true);
      expect(await cache.putLock(lockId, l)).toBe(true);
      expect(await cache.getPin(siteId, d)).toEqual(p);
      expect(await cache.getGrants(userId, lockId)).toEqual(g);
      expect(await cache.getLock(lockId)).toEqual(l);
    });

    it('keeps entries apart by every part of their key', async () => {
      const [siteA, siteB, d, userId, lock1, lock2] = [randomUUID(), randomUUID(), digest(), randomUUID(), randomUUID(), randomUUID()];
      await cache.putPin(siteA, d, pin(1));
      expect(await cache.getPin(siteB, d)).toBeNull();
      await cache.putGrants(userId, lock1, grants(1));
      expect(await cache.getGrants(userId, lock2)).toBeNull();
      expect(await cache.getGrants(randomUUID(), lock1)).toBeNull();
    });

    it('refuses a put whose version is not newer than the stored one', async () => {
      const [siteId, d] = [randomUUID(), digest()];
      const v2 = pin(2, 'BLOCKED');
      expect(await cache.putPin(siteId, d, v2)).toBe(true);
      expect(await cache.putPin(siteId, d, { ...pin(1), pinId: v2.pinId })).toBe(false);
      expect(await cache.putPin(siteId, d, { ...v2, status: 'ACTIVE' })).toBe(false);
      expect(await cache.getPin(siteId, d)).toEqual(v2);

      const lockId = randomUUID();
      await cache.putLock(lockId, { ...lock(7), pinEnabled: false });
      expect(await cache.putLock(lockId, lock(6))).toBe(false);
      expect((await cache.getLock(lockId))?.pinEnabled).toBe(false);
    });

    it('lets a writer put a tombstone over a live entry with a newer version', async () => {
      const [siteId, d, userId, lockId] = [randomUUID(), digest(), randomUUID(), randomUUID()];
      const active = pin(10);
      await cache.putPin(siteId, d, active);
      await cache.putGrants(userId, lockId, grants(10, 3));
      expect(await cache.putPin(siteId, d, { ...active, status: 'REPLACED', version: 11 })).toBe(true);
      expect(await cache.putGrants(userId, lockId, { permissions: [], version: 11 })).toBe(true);
      expect((await cache.getPin(siteId, d))?.status).toBe('REPLACED');
      expect(await cache.getGrants(userId, lockId)).toEqual({ permissions: [], version: 11 });
      // The slow reader that filled from a snapshot before the revoke cannot bring it back.
      expect(await cache.putGrants(userId, lockId, grants(10, 3))).toBe(false);
      expect((await cache.getGrants(userId, lockId))?.permissions).toEqual([]);
    });

    it('keeps a writer’s pending mark until the committed state replaces it', async () => {
      const [siteId, d, userId, lockId] = [randomUUID(), digest(), randomUUID(), randomUUID()];
      await cache.putPin(siteId, d, pin(6));
      expect(await cache.putPin(siteId, d, { pinId: '', userId: '', status: 'BLOCKED', pending: true, version: 8 })).toBe(true);
      expect(await cache.putGrants(userId, lockId, { permissions: [], pending: true, version: 8 })).toBe(true);
      expect((await cache.getPin(siteId, d))?.pending).toBe(true);
      expect(await cache.getGrants(userId, lockId)).toEqual({ permissions: [], pending: true, version: 8 });
      const committed = pin(9, 'BLOCKED');
      expect(await cache.putPin(siteId, d, committed)).toBe(true);
      expect(await cache.getPin(siteId, d)).toEqual(committed);
    });

    it('ends with the highest version when many puts race in shuffled order', async () => {
      const [siteId, d, userId, lockId] = [randomUUID(), digest(), randomUUID(), randomUUID()];
      const versions = shuffled(Array.from({ length: 100 }, (_, i) => i + 1));
      const pins = new Map(versions.map((v) => [v, pin(v, v % 2 ? 'ACTIVE' : 'BLOCKED')]));
      const results = await Promise.all(
        versions.flatMap((v) => [cache.putPin(siteId, d, pins.get(v)!), cache.putGrants(userId, lockId, grants(v, 1 + (v % 3)))]),
      );
      expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(2);
      expect(await cache.getPin(siteId, d)).toEqual(pins.get(100));
      expect(await cache.getGrants(userId, lockId)).toEqual(grants(100, 2));
    });

    it('rejects a version that is not a non-negative safe integer', async () => {
      await expect(cache.putPin(randomUUID(), digest(), pin(-1))).rejects.toThrow(TypeError);
      await expect(cache.putLock(randomUUID(), lock(1.5))).rejects.toThrow(TypeError);
    });

    it('forgets an entry once its time to live has passed', async () => {
      const [siteId, d] = [randomUUID(), digest()];
      await cache.putPin(siteId, d, pin(5));
      expect(await cache.getPin(siteId, d)).not.toBeNull();
      await sleep(f.ttlMs + 150);
      expect(await cache.getPin(siteId, d)).toBeNull();
    });

    it('never serves an entry written before the store restarted', async () => {
      const [siteId, d, lockId] = [randomUUID(), digest(), randomUUID()];
      await cache.putPin(siteId, d, pin(9));
      await cache.putLock(lockId, lock(9));
      const after = f.restarted();
      expect(await after.getPin(siteId, d)).toBeNull();
      expect(await after.getLock(lockId)).toBeNull();
      const refill = pin(4);
      expect(await after.putPin(siteId, d, refill)).toBe(true);
      expect(await after.getPin(siteId, d)).toEqual(refill);
    });
  });
}
