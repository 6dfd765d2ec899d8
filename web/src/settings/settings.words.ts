import { siteTimeText } from '../app/site-time';
/** Words and numbers for the Settings page. */

/** A moment on the site's clock, or a dash. */
export const when = (iso: string | null | undefined, timezone: string): string => (iso ? siteTimeText(iso, timezone) : '—');

/** "just now", "3 min ago", "2 h ago", "5 days ago" from `iso` to `now`. */
export function ago(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** A probability as a percentage with up to three significant digits: 0.0123 → "1.23 %". */
export function percent(p: number): string {
  if (p <= 0) return '0 %';
  const pct = p * 100;
  const digits = pct >= 1 ? 2 : Math.min(8, 2 - Math.floor(Math.log10(pct)));
  return `${Number(pct.toFixed(digits))} %`;
}

/** A probability in words: "about 1 in 830". */
export function oneIn(p: number): string {
  if (p <= 0) return 'no chance at all';
  if (p >= 0.5) return `about ${Math.round(p * 100)} in 100`;
  const n = 1 / p;
  const rounded = n < 100 ? Math.round(n) : Number(n.toPrecision(2));
  return `about 1 in ${rounded.toLocaleString('en')}`;
}

/** Seconds as "90 s" / "15 min" / "2 h". */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
