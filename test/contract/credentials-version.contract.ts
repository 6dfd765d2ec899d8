import { randomUUID } from 'node:crypto';
import type { CredentialsVersionCache } from '../../src/modules/token/credentials-version.port';
import { sleep } from '../support/clock.support';

export interface CredentialsVersionCacheFixture {
  /** An adapter whose entries live `ttlMs`. */
  cache: CredentialsVersionCache;
  ttlMs: number;
  /** The same store as seen after it restarted (memory: a new process; Redis: a new run_id). */
  restarted(): CredentialsVersionCache;
  close(): Promise<void>;
}

/** The CredentialsVersionCache contract (DESIGN.md rule 12), run against every adapter. */
export function credentialsVersionContract(name: string, makeFixture: () => Promise<CredentialsVersionCacheFixture>): void {
  describe(`CredentialsVersionCache contract: ${name}`, () => {
    let f: CredentialsVersionCacheFixture;
    let cache: CredentialsVersionCache;

    beforeAll(async () => {
      f = await makeFixture();
      cache = f.cache;
    });
    afterAll(() => f?.close());

    it('answers null for a site whose version was never put', async () => {
      expect(await cache.get(randomUUID())).toBeNull();
    });

    it('returns the version put, version 0 included, per site', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      expect(await cache.put(a, 0)).toBe(true);
      expect(await cache.put(b, 41)).toBe(true);
      expect(await cache.get(a)).toBe(0);
      expect(await cache.get(b)).toBe(41);
    });

    it('never goes back: a put that is not newer is refused and changes nothing', async () => {
      const site = randomUUID();
      expect(await cache.put(site, 7)).toBe(true);
      expect(await cache.put(site, 6)).toBe(false);
      expect(await cache.put(site, 7)).toBe(false);
      expect(await cache.get(site)).toBe(7);
      expect(await cache.put(site, 8)).toBe(true);
      expect(await cache.get(site)).toBe(8);
    });

    it('ends with the highest version when a writer and slow readers race in shuffled order', async () => {
      const site = randomUUID();
      const versions = Array.from({ length: 100 }, (_, i) => i);
      for (let i = versions.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [versions[i], versions[j]] = [versions[j], versions[i]];
      }
      const stored = await Promise.all(versions.map((v) => cache.put(site, v)));
      expect(stored.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      expect(await cache.get(site)).toBe(99);
    });

    it('rejects a version that is not a non-negative safe integer', async () => {
      await expect(cache.put(randomUUID(), -1)).rejects.toThrow(TypeError);
      await expect(cache.put(randomUUID(), 1.5)).rejects.toThrow(TypeError);
      await expect(cache.put(randomUUID(), 2 ** 60)).rejects.toThrow(TypeError);
    });

    it('forgets a version once its time to live has passed, and takes any version then', async () => {
      const site = randomUUID();
      await cache.put(site, 5);
      await sleep(f.ttlMs + 150);
      expect(await cache.get(site)).toBeNull();
      expect(await cache.put(site, 2)).toBe(true);
      expect(await cache.get(site)).toBe(2);
    });

    it('never serves a version written before the store restarted', async () => {
      const site = randomUUID();
      await cache.put(site, 9);
      const after = f.restarted();
      expect(await after.get(site)).toBeNull();
      expect(await after.put(site, 3)).toBe(true);
      expect(await after.get(site)).toBe(3);
    });
  });
}
