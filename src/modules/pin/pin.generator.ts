import { randomInt } from 'node:crypto';
import { isWeakPin } from './pin.strength';

/** Uniform random digits of `length` from node:crypto (no modulo bias), never weak. */
export function generatePinDigits(length: number): string {
  if (!Number.isInteger(length) || length < 4) throw new RangeError('generated PINs have at least 4 digits');
  for (;;) {
    let digits = '';
    while (digits.length < length) digits += String(randomInt(0, 1_000_000)).padStart(6, '0');
    digits = digits.slice(0, length);
    if (!isWeakPin(digits)) return digits;
  }
}

/** The fill ratio past which a site's generated PINs grow by one digit (DESIGN.md rule 6). */
export const GROWTH_THRESHOLD = 0.001;

/** Length for the next generated PIN: the policy's, plus one per length whose space is over-filled. */
export function nextPinLength(policyLength: number, liveCountOfLength: (len: number) => number, maxLength = 10): number {
  let length = policyLength;
  while (length < maxLength && liveCountOfLength(length) >= GROWTH_THRESHOLD * 10 ** length) length++;
  return length;
}
