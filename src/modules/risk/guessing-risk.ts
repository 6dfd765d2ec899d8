/** The lengths a keypad accepts (DESIGN.md rule 14). */
export const KEYPAD_LENGTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** Lengths a generated PIN may take (DESIGN.md rule 6). */
export const GENERATED_LENGTHS = [6, 7, 8, 9, 10] as const;

/** Fill of a length's space past which no generated PIN takes that length. */
export const MAX_FILL = 0.001;

export interface GuessingRisk {
  /** P: the chance that G guesses, split as well as an attacker can, open a door. */
  perDay: number;
  /** The length the best split spends guesses on first; null when the site has no ACTIVE PIN. */
  weakestLength: number | null;
}

/** n(L): ACTIVE PINs of each length. */
export type CountsByLength = ReadonlyMap<number, number>;

const hitChance = (counts: CountsByLength, length: number): number => Math.min(1, (counts.get(length) ?? 0) / 10 ** length);

/**
 * P = 1 - prod_L (1 - p_L)^g(L), p_L = n(L)/10^L, for the attacker's best integer split g of
 * `ceiling` over the keypad lengths (at most 10^L distinct guesses at length L).
 *
 * Why greedy is optimal: log(1 - P) = sum_L g(L) * log(1 - p_L) is linear in g, so each guess adds
 * the same gain -log(1 - p_L) at its length whatever was spent before (each term is concave, here
 * even linear); maximising P under sum g = G and 0 <= g(L) <= 10^L is a fractional knapsack with
 * unit weights, whose optimum fills the lengths by decreasing p_L. The unit test also checks this
 * against every split for small G.
 */
export function guessingRisk(ceiling: number, counts: CountsByLength): GuessingRisk {
  const order = KEYPAD_LENGTHS.filter((l) => hitChance(counts, l) > 0).sort((a, b) => hitChance(counts, b) - hitChance(counts, a) || a - b);
  let left = Math.max(0, Math.floor(ceiling));
  let logMiss = 0;
  for (const length of order) {
    const g = Math.min(left, 10 ** length);
    const p = hitChance(counts, length);
    logMiss += p >= 1 ? (g > 0 ? -Infinity : 0) : g * Math.log1p(-p);
    left -= g;
  }
  return { perDay: logMiss === 0 ? 0 : -Math.expm1(logMiss), weakestLength: order[0] ?? null };
}

/**
 * Length of the next generated PIN: the shortest of 6 to 10 such that, were the site's `activePins`
 * ACTIVE PINs and the new one all of that length, P would be at or under `target`, and the length's
 * space would be at most {@link MAX_FILL} full. 10 when none is.
 */
export function targetLength(ceiling: number, activePins: number, target: number): number {
  const total = Math.max(0, activePins) + 1;
  for (const length of GENERATED_LENGTHS) {
    if (total > MAX_FILL * 10 ** length) continue;
    if (guessingRisk(ceiling, new Map([[length, total]])).perDay <= target) return length;
  }
  return GENERATED_LENGTHS[GENERATED_LENGTHS.length - 1];
}
