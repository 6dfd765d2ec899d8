/*
 * Validity windows are entered and shown on the site's wall clock, like the weekly schedule and like
 * the user's own "My PINs" page, whatever the browser's timezone: an admin abroad who types "until
 * Friday 18:00" means the door's Friday 18:00.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock of `timezone` at `instant` (epoch ms), as epoch ms read as if UTC. */
function wallClock(instant: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** "2026-12-03T10:00:00.000Z" as a datetime-local value ("2026-12-03T11:00") on the site's clock. */
export function toSiteInput(iso: string | null | undefined, timezone: string): string {
  if (!iso) return '';
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return '';
  const w = new Date(wallClock(instant - (instant % 60_000), timezone));
  return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}

/**
 * A datetime-local value on the site's clock as an ISO instant; '' is null. A time that occurs twice
 * (clocks go back) is the first; one that does not occur (clocks go forward) is read with the offset
 * before the change, so it lands just after the gap.
 */
export function fromSiteInput(value: string, timezone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The site's offsets 14 h before and after (at most one change between): the earlier instant that
  // shows this wall clock, else (a gap) the one read with the offset before the change.
  const [before, after] = [wall - 14 * 3_600_000, wall + 14 * 3_600_000].map((probe) => wall - (wallClock(probe, timezone) - probe));
  const exact = [before, after].filter((t) => wallClock(t, timezone) === wall).sort((a, b) => a - b);
  return new Date(exact[0] ?? before).toISOString();
}

/** The console's one way of writing a moment on the site's clock: "3 Dec 2026, 14:00" (with seconds: "14:00:05"). */
export function siteTimeFormat(timezone: string, seconds = false): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' });
}

/** A moment on the site's clock, for reading: "3 Dec 2026, 14:00". */
export function siteTimeText(iso: string, timezone: string): string {
  return siteTimeFormat(timezone).format(new Date(iso));
}
