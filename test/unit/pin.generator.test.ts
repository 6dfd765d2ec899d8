import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generatePinDigits } from '../../src/modules/pin/pin.generator';
import { isWeakPin } from '../../src/modules/pin/pin.strength';

const sample = (count: number, length: number): string[] => Array.from({ length: count }, () => generatePinDigits(length));

/** Pearson's chi-square of observed counts against expected probabilities. */
const chiSquare = (observed: number[], probabilities: number[], total: number): number =>
  observed.reduce((sum, o, i) => sum + (o - probabilities[i] * total) ** 2 / (probabilities[i] * total), 0);

/**
 * The distribution a uniform generator that skips weak PINs must follow: uniform over the
 * non-weak 6-digit strings. Dates remove far more PINs starting with 0-3 than with 4-9, so the
 * first digit is not uniform over 0-9 (about 7.9% zeros), and the test must not pretend it is.
 */
let shares: { first: number[]; last: number[] } | undefined;
function nonWeakDigitShares(): { first: number[]; last: number[] } {
  if (shares) return shares;
  const first = new Array<number>(10).fill(0);
  const last = new Array<number>(10).fill(0);
  let total = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const pin = String(i).padStart(6, '0');
    if (isWeakPin(pin)) continue;
    first[Number(pin[0])]++;
    last[Number(pin[5])]++;
    total++;
  }
  shares = { first: first.map((c) => c / total), last: last.map((c) => c / total) };
  return shares;
}

// df = 9: P(chi2 > 45) is about 1e-6, generous enough never to flake and still far below the
// values a biased generator gives at 50,000 samples (a digit 10% too common adds about 50).
const CHI2_LIMIT = 45;

describe('generatePinDigits', () => {
  it('returns exactly n digits for every length from 4 to 10', () => {
    for (let n = 4; n <= 10; n++) {
      for (const pin of sample(200, n)) expect(pin).toMatch(new RegExp(`^\\d{${n}}$`));
    }
  });

  it('never returns a weak PIN in 10,000 six-digit samples', () => {
    expect(sample(10_000, 6).filter(isWeakPin)).toEqual([]);
  });

  it('never returns a weak PIN in 10,000 four-digit samples, where a tenth of the space is weak', () => {
    expect(sample(10_000, 4).filter(isWeakPin)).toEqual([]);
  });

  describe('uniformity over 50,000 six-digit samples', () => {
    const pins = sample(50_000, 6);
    const countAt = (position: number) => {
      const counts = new Array<number>(10).fill(0);
      for (const pin of pins) counts[Number(pin[position])]++;
      return counts;
    };

    it('draws the first digit as a uniform choice among non-weak PINs would (chi-square, 9 df)', () => {
      expect(chiSquare(countAt(0), nonWeakDigitShares().first, pins.length)).toBeLessThan(CHI2_LIMIT);
    });

    it('draws the last digit as a uniform choice among non-weak PINs would (chi-square, 9 df)', () => {
      expect(chiSquare(countAt(5), nonWeakDigitShares().last, pins.length)).toBeLessThan(CHI2_LIMIT);
    });

    it('is told apart from a generator that is uniform over all of 0-9 on the first digit', () => {
      // Guards the test above: it only means something because the two distributions differ.
      expect(chiSquare(countAt(0), new Array<number>(10).fill(0.1), pins.length)).toBeGreaterThan(CHI2_LIMIT);
    });
  });

  it('puts every digit 0-9 at every position of 6- and 9-digit PINs', () => {
    for (const length of [6, 9]) {
      const pins = sample(5_000, length);
      for (let position = 0; position < length; position++) {
        const seen = new Set(pins.map((pin) => pin[position]));
        expect([length, position, seen.size]).toEqual([length, position, 10]);
      }
    }
  });

  it('draws from node:crypto randomInt and never from Math.random', () => {
    const source = readFileSync(path.join(__dirname, '../../src/modules/pin/pin.generator.ts'), 'utf8');
    expect(source).toMatch(/import\s*\{[^}]*\brandomInt\b[^}]*\}\s*from\s*['"]node:crypto['"]/);
    expect(source).not.toMatch(/Math\.random/);
  });
});
