import { createHmac, timingSafeEqual } from 'node:crypto';

/** Peppers by key version; the newest version signs new PINs. */
export interface PepperRing {
  current: number;
  keys: ReadonlyMap<number, Buffer>;
}

export const singlePepper = (key: Buffer): PepperRing => ({ current: 1, keys: new Map([[1, key]]) });

/** The current pepper under `current`, and the earlier ones still verified. */
export const pepperRing = (current: number, key: Buffer, previous: ReadonlyMap<number, Buffer> = new Map()): PepperRing => ({
  current,
  keys: new Map([[current, key], ...previous]),
});

/** The key versions other than the current one, newest first: the order a typed PIN is looked up in after the current. */
export const olderVersions = (ring: PepperRing): number[] => [...ring.keys.keys()].filter((v) => v !== ring.current).sort((a, b) => b - a);

/** HMAC-SHA-256(pepper[keyVersion], siteId + ":" + digits), hex. DESIGN.md rule 2. */
export function pinDigest(ring: PepperRing, keyVersion: number, siteId: string, digits: string): string {
  const key = ring.keys.get(keyVersion);
  if (!key) throw new Error(`no pepper for key version ${keyVersion}`);
  return createHmac('sha256', key).update(`${siteId}:${digits}`).digest('hex');
}

/** Every digest the digits may be stored under, one per key version still known. */
export const candidateDigests = (ring: PepperRing, siteId: string, digits: string): Array<[number, string]> =>
  [...ring.keys.keys()].map((v) => [v, pinDigest(ring, v, siteId, digits)]);

export const sameDigest = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
