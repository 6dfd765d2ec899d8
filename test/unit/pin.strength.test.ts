import fc from 'fast-check';
import { isWeakPin } from '../../src/modules/pin/pin.strength';
import { COMMON_PINS, KEYPAD_LINES } from '../../src/modules/pin/pin.weak-list';

/** DESIGN.md rule 7, quoted: the 20 most common 4-digit PINs (DataGenetics). */
const DATAGENETICS_TOP_20 = [
  '1234', '1111', '0000', '1212', '7777', '1004', '2000', '4444', '2222', '6969',
  '9999', '3333', '5555', '6666', '1122', '1313', '8888', '4321', '2001', '1010',
];
/** DESIGN.md rule 7, quoted: keypad lines the list must hold. */
const DESIGN_KEYPAD_EXAMPLES = ['2580', '1470', '3690', '1590', '7531', '159753', '147258'];

// Independent re-implementations of three of the rules, used by the property below.
const allEqual = (s: string): boolean => new Set(s).size === 1;
const isCyclicRun = (s: string): boolean => {
  for (let start = 0; start < 10; start++) {
    for (const dir of [1, -1]) {
      const run = Array.from({ length: s.length }, (_, i) => (start + dir * i + 10 * s.length) % 10).join('');
      if (run === s) return true;
    }
  }
  return false;
};
/** A string is a power of a shorter block iff it occurs inside itself doubled, away from both ends. */
const isRepetition = (s: string): boolean => (s + s).indexOf(s, 1) < s.length;

describe('the weak PIN list file', () => {
  it('holds exactly the 20 most common 4-digit PINs named in DESIGN.md', () => {
    expect([...COMMON_PINS].sort()).toEqual([...DATAGENETICS_TOP_20].sort());
  });

  it('holds the keypad lines DESIGN.md names', () => {
    for (const pin of DESIGN_KEYPAD_EXAMPLES) expect(KEYPAD_LINES).toContain(pin);
  });

  it('holds only digit strings, without duplicates', () => {
    const all = [...COMMON_PINS, ...KEYPAD_LINES];
    for (const pin of all) expect(pin).toMatch(/^\d{4,9}$/);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses every common PIN', () => {
    for (const pin of COMMON_PINS) expect([pin, isWeakPin(pin)]).toEqual([pin, true]);
  });

  it('refuses every keypad line', () => {
    for (const pin of KEYPAD_LINES) expect([pin, isWeakPin(pin)]).toEqual([pin, true]);
  });

  it('refuses every keypad line read backwards too, as the list file promises ("read either way")', () => {
    const reversed = KEYPAD_LINES.map((pin) => [...pin].reverse().join(''));
    expect(reversed.filter((pin) => !isWeakPin(pin))).toEqual([]);
  });
});

describe('isWeakPin', () => {
  describe('all digits equal', () => {
    it('refuses every repeated digit at every length from 4 to 9', () => {
      for (let length = 4; length <= 9; length++) {
        for (let d = 0; d <= 9; d++) expect(isWeakPin(String(d).repeat(length))).toBe(true);
      }
    });
  });

  describe('ascending and descending runs', () => {
    it('refuses 1234 and 4321, 123456 and 654321', () => {
      for (const pin of ['1234', '4321', '123456', '654321']) expect(isWeakPin(pin)).toBe(true);
    });

    it('refuses 7890 as an ascending run with wrap', () => {
      expect(isWeakPin('7890')).toBe(true);
    });

    it('refuses 8901 as an ascending run wrapping inside the PIN', () => {
      expect(isWeakPin('8901')).toBe(true);
    });

    it('refuses 3210 and 0987 as descending runs, the second with wrap', () => {
      expect(isWeakPin('3210')).toBe(true);
      expect(isWeakPin('0987')).toBe(true);
    });

    it('refuses 6-digit runs 123456 and 098765', () => {
      expect(isWeakPin('123456')).toBe(true);
      expect(isWeakPin('098765')).toBe(true);
    });

    it('refuses every cyclic run, either way, at every length from 4 to 9', () => {
      for (let length = 4; length <= 9; length++) {
        for (let start = 0; start < 10; start++) {
          const up = Array.from({ length }, (_, i) => (start + i) % 10).join('');
          const down = Array.from({ length }, (_, i) => (start - i + 10 * length) % 10).join('');
          expect([up, isWeakPin(up)]).toEqual([up, true]);
          expect([down, isWeakPin(down)]).toEqual([down, true]);
        }
      }
    });

    it('accepts a run broken by one digit (1235, 7891)', () => {
      // 1235: not DDMM (month 35), not MMDD (day 35), not 19xx/20xx, not a block, not listed.
      // 7891: 78 is neither a day nor a month.
      expect(isWeakPin('1235')).toBe(false);
      expect(isWeakPin('7891')).toBe(false);
    });

    it('accepts a staircase of steps of two (3579 is not a run)', () => {
      // 35 is neither a day nor a month; not listed (3570 and 1357 are, 3579 is not).
      expect(isWeakPin('3579')).toBe(false);
    });
  });

  describe('repeated blocks', () => {
    it('refuses 1212, 4545, 123123 and 121212', () => {
      for (const pin of ['1212', '4545', '123123', '121212']) expect(isWeakPin(pin)).toBe(true);
    });

    it('refuses 583583 and 38923892, which no other rule catches', () => {
      // 583583: 58 is no day or month, 35 no month in YYMMDD; 38923892: 38 no day/month, 3892 no year.
      expect(isWeakPin('583583')).toBe(true);
      expect(isWeakPin('38923892')).toBe(true);
    });

    it('accepts a block repeated with one digit changed (583584)', () => {
      expect(isWeakPin('583584')).toBe(false);
    });
  });

  describe('dates', () => {
    it('refuses 3112 as DDMM (31 December)', () => {
      expect(isWeakPin('3112')).toBe(true);
    });

    it('refuses 1231 as MMDD (December 31)', () => {
      expect(isWeakPin('1231')).toBe(true);
    });

    it('refuses 19xx and 20xx years that are no DDMM or MMDD (1965, 1987, 2024, 2049)', () => {
      for (const pin of ['1965', '1987', '2024', '2049']) expect([pin, isWeakPin(pin)]).toEqual([pin, true]);
    });

    it('refuses every 4-digit year from 1900 to 2099', () => {
      for (let year = 1900; year <= 2099; year++) expect(isWeakPin(String(year))).toBe(true);
    });

    it('refuses every DDMM and every MMDD', () => {
      const two = (n: number) => String(n).padStart(2, '0');
      for (let day = 1; day <= 31; day++) {
        for (let month = 1; month <= 12; month++) {
          expect(isWeakPin(two(day) + two(month))).toBe(true);
          expect(isWeakPin(two(month) + two(day))).toBe(true);
        }
      }
    });

    it('accepts 4-digit numbers that are no day, month or 19xx/20xx year (5831, 4096, 9047, 3845)', () => {
      // Each starts with a number above 31, so it is neither DD nor MM, nor 19/20.
      for (const pin of ['5831', '4096', '9047', '3845']) expect([pin, isWeakPin(pin)]).toEqual([pin, false]);
    });

    it('accepts 3213 and 1332: 32 and 33 are no day, 13 no month', () => {
      expect(isWeakPin('3213')).toBe(false);
      expect(isWeakPin('1332')).toBe(false);
    });

    it('refuses 6-digit DDMMYY 251287', () => {
      expect(isWeakPin('251287')).toBe(true);
    });

    it('refuses 6-digit MMDDYY 122587', () => {
      expect(isWeakPin('122587')).toBe(true);
    });

    it('refuses 6-digit YYMMDD 871225', () => {
      expect(isWeakPin('871225')).toBe(true);
    });

    it('refuses 6-digit YYYYMM 198705 and MMYYYY 051987', () => {
      expect(isWeakPin('198705')).toBe(true);
      expect(isWeakPin('051987')).toBe(true);
    });

    it('refuses 8-digit DDMMYYYY 25121987, MMDDYYYY 12251987 and YYYYMMDD 19871225', () => {
      for (const pin of ['25121987', '12251987', '19871225']) expect([pin, isWeakPin(pin)]).toEqual([pin, true]);
    });

    it('accepts 8-digit strings that only look like dates (month 13, year 1887)', () => {
      expect(isWeakPin('25131987')).toBe(false);
      expect(isWeakPin('12251887')).toBe(false);
    });
  });

  describe('ordinary PINs', () => {
    it('accepts 6-digit PINs that match no rule (583941, 740385, 903718)', () => {
      // First pair above 31: no DDMM/MMDD/MMYYYY/19xx/20xx; middle pair 39 or 37 is no month,
      // and 740385 ends in day 85: no YYMMDD.
      for (const pin of ['583941', '740385', '903718']) expect([pin, isWeakPin(pin)]).toEqual([pin, false]);
    });

    it('accepts 5-, 7- and 9-digit PINs that match no rule (58314, 5831940, 583194072)', () => {
      for (const pin of ['58314', '5831940', '583194072']) expect([pin, isWeakPin(pin)]).toEqual([pin, false]);
    });
  });

  describe('property: a 6-digit PIN that passes is no repetition, run or block', () => {
    const digit = fc.integer({ min: 0, max: 9 });
    const random6 = fc.array(digit, { minLength: 6, maxLength: 6 }).map((d) => d.join(''));
    const run6 = fc
      .tuple(digit, fc.constantFrom(1, -1))
      .map(([start, dir]) => Array.from({ length: 6 }, (_, i) => (start + dir * i + 60) % 10).join(''));
    const block6 = fc
      .tuple(fc.constantFrom(1, 2, 3), fc.array(digit, { minLength: 3, maxLength: 3 }))
      .map(([size, d]) => d.slice(0, size).join('').repeat(6 / size));
    const pins6 = fc.oneof({ arbitrary: random6, weight: 4 }, { arbitrary: run6, weight: 1 }, { arbitrary: block6, weight: 1 });

    it('never lets an all-equal, run or repeated-block 6-digit string through', () => {
      fc.assert(
        fc.property(pins6, (pin) => isWeakPin(pin) || (!allEqual(pin) && !isCyclicRun(pin) && !isRepetition(pin))),
        { numRuns: 10_000 },
      );
    });

    it('refuses every 6-digit string one of those three predicates catches', () => {
      fc.assert(
        fc.property(pins6, (pin) => !(allEqual(pin) || isCyclicRun(pin) || isRepetition(pin)) || isWeakPin(pin)),
        { numRuns: 10_000 },
      );
    });
  });
});
