import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** A file of the data dir that does not open: missing key, wrong token, truncated or altered. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key of everything the bridge keeps on disk: HKDF-SHA-256 of its token (salt
 * "pingate-replica", info "v1"), 32 bytes. A copy of the data dir without the token is noise; a
 * bridge started with another token cannot read it.
 */
export function storageKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, 'pingate-replica', 'v1', 32));
}

/**
 * AES-256-GCM: format byte, 12-byte random IV, 16-byte tag, ciphertext. `purpose` is bound in as
 * additional data, so a record of one file cannot be passed off as another file's.
 */
export function seal(key: Buffer, purpose: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`pingate-bridge:${purpose}:v${FORMAT}`));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), iv, cipher.getAuthTag(), body]);
}

/** The plaintext of `seal`; StoreError when the key is wrong or a byte was changed. */
export function unseal(key: Buffer, purpose: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) throw new StoreError(`${purpose}: not a sealed record of this format`);
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(`pingate-bridge:${purpose}:v${FORMAT}`));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new StoreError(`${purpose}: does not open with this token's key (another token, or altered)`);
  }
}

/**
 * What PinGate keeps for each PIN and this bridge: base64url(HMAC-SHA-256(K_b, siteId + ":" +
 * digits)), K_b being the `bridgeKey` (base64url). The digits go no further than this function.
 */
export function verifierOf(bridgeKey: string, siteId: string, digits: string): string {
  return createHmac('sha256', Buffer.from(bridgeKey, 'base64url')).update(`${siteId}:${digits}`).digest('base64url');
}
