import { DateTime } from 'luxon';
import { badInput } from '../../shared/errors';
import { cleanHhmm } from '../../shared/validate';

export enum Weekday {
  MON = 'MON',
  TUE = 'TUE',
  WED = 'WED',
  THU = 'THU',
  FRI = 'FRI',
  SAT = 'SAT',
  SUN = 'SUN',
}

/** Luxon's weekday numbers: 1 = Monday ... 7 = Sunday. */
const WEEKDAYS = [Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI, Weekday.SAT, Weekday.SUN];

export interface WeeklySchedule {
  days: Weekday[];
  /** HH:MM local, inclusive. */
  start: string;
  /** HH:MM local, exclusive (24:00: to midnight); before `start` means the window runs overnight. */
  end: string;
}

export function cleanSchedule(input: WeeklySchedule): WeeklySchedule {
  const days = [...new Set(input.days)];
  if (days.length === 0) throw badInput('schedule.days must name at least one day', 'schedule.days');
  if (days.some((d) => !WEEKDAYS.includes(d))) throw badInput('schedule.days has an unknown day', 'schedule.days');
  const start = cleanHhmm(input.start, 'schedule.start');
  const end = cleanHhmm(input.end, 'schedule.end', true);
  if (start === end) throw badInput('schedule.start and schedule.end must differ', 'schedule.end');
  return { days: WEEKDAYS.filter((d) => days.includes(d)), start, end };
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Is `at` inside the weekly window, read on the wall clock of `timezone`? An overnight window
 * (end before start) belongs to the day it starts: FRI 22:00-06:00 also covers Saturday 05:59.
 */
export function isWithinSchedule(schedule: WeeklySchedule, at: Date, timezone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const now = local.hour * 60 + local.minute;
  const today = WEEKDAYS[local.weekday - 1];
  const yesterday = WEEKDAYS[(local.weekday + 5) % 7];
  const start = minutes(schedule.start);
  const end = minutes(schedule.end);
  if (start < end) return schedule.days.includes(today) && now >= start && now < end;
  return (schedule.days.includes(today) && now >= start) || (schedule.days.includes(yesterday) && now < end);
}
