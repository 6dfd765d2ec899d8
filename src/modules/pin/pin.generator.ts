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
