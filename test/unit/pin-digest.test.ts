import { createHmac } from 'node:crypto';
import { candidateDigests, olderVersions, pepperRing, pinDigest, sameDigest, singlePepper, type PepperRing } from '../../src/shared/pin-digest';

const pepper = (seed: number): Buffer => Buffer.from(Array.from({ length: 32 }, (_, i) => (seed * 31 + i * 17) % 256));
const SITE_A = '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f';
const SITE_B = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';

/** DESIGN.md rule 2, computed here without the code under test. */
const expected = (key: Buffer, siteId: string, digits: string): string =>
  createHmac('sha256', key).update(Buffer.from(`${siteId}:${digits}`, 'utf8')).digest('hex');

describe('pinDigest', () => {
  it('is HMAC-SHA-256 of siteId + ":" + digits under the pepper, in hex', () => {
    const key = pepper(1);
    expect(pinDigest(singlePepper(key), 1, SITE_A, '583941')).toBe(expected(key, SITE_A, '583941'));
  });

  it('is 64 lower-case hex characters (32 bytes)', () => {
    const digest = pinDigest(singlePepper(pepper(1)), 1, SITE_A, '583941');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs per site for the same digits', () => {
    const ring = singlePepper(pepper(1));
    expect(pinDigest(ring, 1, SITE_A, '583941')).not.toBe(pinDigest(ring, 1, SITE_B, '583941'));
  });

  it('differs per pepper for the same site and digits', () => {
    expect(pinDigest(singlePepper(pepper(1)), 1, SITE_A, '583941')).not.toBe(pinDigest(singlePepper(pepper(2)), 1, SITE_A, '583941'));
  });

  it('differs for digits that differ only by a leading zero', () => {
    const ring = singlePepper(pepper(1));
    expect(pinDigest(ring, 1, SITE_A, '0583941')).not.toBe(pinDigest(ring, 1, SITE_A, '583941'));
  });

  it('uses the pepper of the key version asked for', () => {
    const ring: PepperRing = { current: 2, keys: new Map([[1, pepper(1)], [2, pepper(2)]]) };
    expect(pinDigest(ring, 1, SITE_A, '583941')).toBe(expected(pepper(1), SITE_A, '583941'));
    expect(pinDigest(ring, 2, SITE_A, '583941')).toBe(expected(pepper(2), SITE_A, '583941'));
  });

  it('throws for a key version it has no pepper for', () => {
    expect(() => pinDigest(singlePepper(pepper(1)), 2, SITE_A, '583941')).toThrow();
  });
});

describe('candidateDigests', () => {
  it('gives one digest per key version, each under that version’s pepper', () => {
    const keys = new Map([[1, pepper(1)], [2, pepper(2)], [5, pepper(5)]]);
    const candidates = candidateDigests({ current: 5, keys }, SITE_A, '740385');
    expect(new Map(candidates)).toEqual(new Map([...keys].map(([v, key]) => [v, expected(key, SITE_A, '740385')])));
    expect(candidates).toHaveLength(3);
  });
});

describe('pepperRing', () => {
  it('signs with the current version and still knows the previous ones, which are looked up newest first', () => {
    const ring = pepperRing(3, pepper(3), new Map([[1, pepper(1)], [2, pepper(2)]]));
    expect(ring.current).toBe(3);
    expect(pinDigest(ring, ring.current, SITE_A, '740385')).toBe(expected(pepper(3), SITE_A, '740385'));
    expect(pinDigest(ring, 1, SITE_A, '740385')).toBe(expected(pepper(1), SITE_A, '740385'));
    expect(olderVersions(ring)).toEqual([2, 1]);
    expect(olderVersions(pepperRing(1, pepper(1)))).toEqual([]);
  });
});

describe('sameDigest', () => {
  const ring = singlePepper(pepper(1));
  const a = pinDigest(ring, 1, SITE_A, '583941');
  const b = pinDigest(ring, 1, SITE_A, '583942');

  it('is true for the same digest', () => {
    expect(sameDigest(a, `${a}`)).toBe(true);
  });

  it('is false for different digests and for different lengths', () => {
    expect(sameDigest(a, b)).toBe(false);
    expect(sameDigest(a, a.slice(0, 62))).toBe(false);
  });
});
