import { DateTime } from 'luxon';
import type { Weekday } from '../gql/graphql';

/** Luxon's weekday numbers: 1 = Monday ... 7 = Sunday. */
const WEEKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

export interface WeeklyWindow {
  days: readonly Weekday[];
  /** HH:MM local, inclusive. */
  start: string;
  /** HH:MM local, exclusive (24:00: to midnight); before `start`: the window runs overnight. */
  end: string;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Is `at` inside the weekly window, read on the wall clock of the site's IANA `timezone`? An
 * overnight window (end before start) belongs to the day it starts: FRI 22:00-06:00 covers
 * Saturday 05:59 and not Friday 05:59. An unknown timezone opens nothing.
 */
export function insideWindow(window: WeeklyWindow, at: Date, timezone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!local.isValid) return false;
  const now = local.hour * 60 + local.minute;
  const today = WEEKDAYS[local.weekday - 1];
  const yesterday = WEEKDAYS[(local.weekday + 5) % 7];
  const start = minutes(window.start);
  const end = minutes(window.end);
  if (start < end) return window.days.includes(today) && now >= start && now < end;
  return (window.days.includes(today) && now >= start) || (window.days.includes(yesterday) && now < end);
}
