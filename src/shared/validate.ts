import { badInput } from './errors';

/** Trimmed, 1 to `max` characters, no control characters. */
export function cleanName(value: string, field = 'name', max = 200): string {
  const name = (value ?? '').trim();
  if (name.length === 0) throw badInput(`${field} must not be empty`, field);
  if (name.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(name)) throw badInput(`${field} must not contain control characters`, field);
  return name;
}

export function cleanEmail(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const email = value.trim();
  if (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badInput('email is not valid', 'email');
  return email.toLowerCase();
}

let knownZones: Map<string, string> | null = null;

/** The IANA name of a timezone, spelled as the tz database does (europe/madrid -> Europe/Madrid), or null. */
export function canonicalTimezone(tz: string): string | null {
  if (!tz || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    return null;
  }
  knownZones ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => [z.toLowerCase(), z]));
  return knownZones.get(tz.toLowerCase()) ?? tz;
}

export const isTimezone = (tz: string): boolean => canonicalTimezone(tz) !== null;

export function cleanTimezone(tz: string): string {
  const canonical = canonicalTimezone(tz);
  if (!canonical) throw badInput('timezone is not a known IANA timezone', 'timezone');
  return canonical;
}

/** 'HH:MM' on a 24-hour clock, 00:00 to 23:59 (and 24:00 where `endOfDay` allows it). */
export function cleanHhmm(value: string, field: string, endOfDay = false): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value ?? '') && !(endOfDay && value === '24:00')) {
    throw badInput(`${field} must be a time as HH:MM`, field);
  }
  return value;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${field} must be a whole number from ${min} to ${max}`, field);
  }
  return value;
}
