import { badInput } from './errors';

/** Trimmed, 1 to `max` characters, no control characters. */
export function cleanName(value: string, field = 'name', max = 200): string {
  const name = (value ?? '').trim();
  if (name.length === 0) throw badInput(`${field} must not be empty`, field);
  if (name.length > max) throw badInput(`${field} must be at most ${max} characters`, field);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw badInput(`${field} must not contain control characters`, field);
  return name;
}

export function cleanEmail(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const email = value.trim();
  if (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badInput('email is not valid', 'email');
  return email.toLowerCase();
}

export function isTimezone(tz: string): boolean {
  if (!tz || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function cleanTimezone(tz: string): string {
  if (!isTimezone(tz)) throw badInput('timezone is not a known IANA timezone', 'timezone');
  return tz;
}

/** 'HH:MM' on a 24-hour clock, 00:00 to 23:59. */
export function cleanHhmm(value: string, field: string): string {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value ?? '')) throw badInput(`${field} must be a time as HH:MM`, field);
  return value;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${field} must be a whole number from ${min} to ${max}`, field);
  }
  return value;
}
