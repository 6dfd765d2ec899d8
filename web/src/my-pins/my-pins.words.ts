import { siteTimeText } from '../app/site-time';
import type { PinKind, PinStatus, Weekday } from '../gql/graphql';

export const PIN_STATUS: Record<PinStatus, string> = { ACTIVE: 'Active', BLOCKED: 'Blocked', REPLACED: 'Replaced' };
export const PIN_KIND: Record<PinKind, string> = { AUTO: 'Generated', CUSTOM: 'Chosen by you' };

const DAY_ORDER: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const DAY_NAME: Record<Weekday, string> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};

/** "Monday to Friday", "Monday, Wednesday and Saturday", "every day". */
export function describeDays(days: Weekday[]): string {
  const sorted = DAY_ORDER.filter((d) => days.includes(d));
  if (sorted.length === 7) return 'every day';
  const idx = sorted.map((d) => DAY_ORDER.indexOf(d));
  const consecutive = idx.length >= 3 && idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  if (consecutive) return `${DAY_NAME[sorted[0]]} to ${DAY_NAME[sorted[sorted.length - 1]]}`;
  const names = sorted.map((d) => DAY_NAME[d]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}


export interface DoorTerms {
  schedule?: { days: Weekday[]; start: string; end: string } | null;
  validFrom?: string | null;
  validUntil?: string | null;
}

/** When a door opens for them, in words, on the site's wall clock. */
export function describeWhen(t: DoorTerms, timezone: string): string {
  const parts: string[] = [];
  if (t.schedule) {
    const overnight = t.schedule.end < t.schedule.start;
    parts.push(
      overnight
        ? `${describeDays(t.schedule.days)}, from ${t.schedule.start} until ${t.schedule.end} the next morning`
        : `${describeDays(t.schedule.days)}, ${t.schedule.start} to ${t.schedule.end}`,
    );
  } else parts.push('Any time');
  if (t.validFrom) parts.push(`from ${siteTimeText(t.validFrom, timezone)}`);
  if (t.validUntil) parts.push(`until ${siteTimeText(t.validUntil, timezone)}`);
  return `${parts.join(', ')} (${timezone} time)`;
}
