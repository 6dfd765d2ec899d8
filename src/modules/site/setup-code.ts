import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const hash = (code: string): Buffer => createHash('sha256').update(code, 'utf8').digest();

/**
 * The development set-up link's code: 128 random bits, kept in this process's memory as a hash
 * only, good for one first site within an hour. `take` uses it up; `giveBack` returns it when
 * the site could not be made (bad input), so a typo in the form does not burn the link.
 */
export class SetupCode {
  private readonly digest: Buffer;
  private readonly expiresAt: number;
  private used = false;

  private constructor(code: string, now: number, ttlMs: number) {
    this.digest = hash(code);
    this.expiresAt = now + ttlMs;
  }

  /** A new code (returned once, to print) and the holder that checks it. */
  static issue(now = Date.now(), ttlMs = 3_600_000): { code: string; holder: SetupCode } {
    const code = randomBytes(16).toString('base64url');
    return { code, holder: new SetupCode(code, now, ttlMs) };
  }

  /** True (and the code is used) when `code` is this unused, unexpired code. */
  take(code: unknown, now = Date.now()): boolean {
    if (typeof code !== 'string' || code.length === 0 || code.length > 100) return false;
    if (this.used || now >= this.expiresAt) return false;
    if (!timingSafeEqual(hash(code), this.digest)) return false;
    this.used = true;
    return true;
  }

  giveBack(): void {
    this.used = false;
  }
}
