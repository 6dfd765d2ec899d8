import { COMMON_PINS, KEYPAD_LINES } from './pin.weak-list';

const COMMON = new Set([...COMMON_PINS, ...KEYPAD_LINES]);

const allSame = (pin: string): boolean => /^(\d)\1*$/.test(pin);

/** Each digit one more (or one less) than the last, wrapping 9 -> 0: 1234, 7890, 3210, 109876. */
function isRun(pin: string): boolean {
  const step = (i: number) => (Number(pin[i]) - Number(pin[i - 1]) + 10) % 10;
  const first = step(1);
  if (first !== 1 && first !== 9) return false;
  for (let i = 2; i < pin.length; i++) if (step(i) !== first) return false;
  return true;
}

/** A shorter block said again: 1212, 123123, 121212, 4545. */
function isRepeatedBlock(pin: string): boolean {
  for (let size = 1; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

const isDay = (dd: string) => Number(dd) >= 1 && Number(dd) <= 31;
const isMonth = (mm: string) => Number(mm) >= 1 && Number(mm) <= 12;
const isYear4 = (yyyy: string) => /^(19|20)\d\d$/.test(yyyy);

/** Calendar dates: DDMM, MMDD, 19xx/20xx; DDMMYY, MMDDYY, YYMMDD; DDMMYYYY, MMDDYYYY, YYYYMMDD. */
function isDate(pin: string): boolean {
  const p = (a: number, b: number) => pin.slice(a, b);
  switch (pin.length) {
    case 4:
      return (isDay(p(0, 2)) && isMonth(p(2, 4))) || (isMonth(p(0, 2)) && isDay(p(2, 4))) || isYear4(pin);
    case 6:
      return (
        (isDay(p(0, 2)) && isMonth(p(2, 4))) ||
        (isMonth(p(0, 2)) && isDay(p(2, 4))) ||
        (isMonth(p(2, 4)) && isDay(p(4, 6))) ||
        (isYear4(p(0, 4)) && isMonth(p(4, 6))) ||
        (isMonth(p(0, 2)) && isYear4(p(2, 6)))
      );
    case 8:
      return (
        (isDay(p(0, 2)) && isMonth(p(2, 4)) && isYear4(p(4, 8))) ||
        (isMonth(p(0, 2)) && isDay(p(2, 4)) && isYear4(p(4, 8))) ||
        (isYear4(p(0, 4)) && isMonth(p(4, 6)) && isDay(p(6, 8)))
      );
    default:
      return false;
  }
}

/** True when a PIN is guessable: DESIGN.md rule 7. `pin` is digits only. */
export function isWeakPin(pin: string): boolean {
  return allSame(pin) || isRun(pin) || isRepeatedBlock(pin) || COMMON.has(pin) || isDate(pin);
}
