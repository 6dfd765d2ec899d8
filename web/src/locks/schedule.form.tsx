import { useId, useState, type FormEvent } from 'react';
import { useMe } from '../app/session.context';
import type { Weekday } from '../gql/graphql';
import { fromSiteInput, siteTimeText, toSiteInput } from '../app/site-time';

export const WEEKDAYS: Array<{ day: Weekday; label: string }> = [
  { day: 'MON', label: 'Mon' },
  { day: 'TUE', label: 'Tue' },
  { day: 'WED', label: 'Wed' },
  { day: 'THU', label: 'Thu' },
  { day: 'FRI', label: 'Fri' },
  { day: 'SAT', label: 'Sat' },
  { day: 'SUN', label: 'Sun' },
];

export interface Terms {
  schedule: { days: Weekday[]; start: string; end: string } | null;
  validFrom: string | null;
  validUntil: string | null;
}

/** One line for a permission's schedule and validity, on the site's clock. */
export function describeTerms(t: { schedule?: Terms['schedule'] | null; validFrom?: string | null; validUntil?: string | null }, timezone: string): string {
  const parts: string[] = [];
  if (t.schedule) {
    const days = t.schedule.days.map((d) => WEEKDAYS.find((w) => w.day === d)?.label ?? d).join(', ');
    const overnight = t.schedule.end < t.schedule.start ? ' (overnight)' : '';
    parts.push(`${days} ${t.schedule.start}–${t.schedule.end}${overnight}`);
  } else parts.push('Any time');
  if (t.validFrom) parts.push(`from ${siteTimeText(t.validFrom, timezone)}`);
  if (t.validUntil) parts.push(`until ${siteTimeText(t.validUntil, timezone)}`);
  return parts.join(', ');
}

/**
 * The weekly schedule editor: days, start and end in the site's time (an end before the start runs
 * overnight), and an optional validity window, also on the site's clock (not the browser's).
 * `onSubmit` gets the terms; the API checks them.
 */
export function ScheduleFields({
  initial,
  submitLabel,
  busy,
  onSubmit,
  children,
}: {
  initial?: Partial<Terms>;
  submitLabel: string;
  busy: boolean;
  onSubmit: (terms: Terms) => void;
  children?: React.ReactNode;
}) {
  const id = useId();
  const timezone = useMe().site.timezone;
  const [limited, setLimited] = useState(Boolean(initial?.schedule));
  const [days, setDays] = useState<Weekday[]>(initial?.schedule?.days ?? ['MON', 'TUE', 'WED', 'THU', 'FRI']);
  const [start, setStart] = useState(initial?.schedule?.start ?? '08:00');
  const [end, setEnd] = useState(initial?.schedule?.end ?? '18:00');
  const [validFrom, setValidFrom] = useState(toSiteInput(initial?.validFrom, timezone));
  const [validUntil, setValidUntil] = useState(toSiteInput(initial?.validUntil, timezone));
  const toggle = (day: Weekday) => setDays((ds) => (ds.includes(day) ? ds.filter((d) => d !== day) : WEEKDAYS.map((w) => w.day).filter((d) => d === day || ds.includes(d))));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({
      schedule: limited ? { days, start, end } : null,
      validFrom: fromSiteInput(validFrom, timezone),
      validUntil: fromSiteInput(validUntil, timezone),
    });
  };
  return (
    <form onSubmit={submit} className="schedule-form">
      {children}
      <div className="row">
        <label className="inline">
          <input type="checkbox" checked={limited} onChange={(e) => setLimited(e.target.checked)} /> Only on a weekly schedule
        </label>
      </div>
      {limited && (
        <>
          <fieldset>
            <legend>Days</legend>
            <div className="row">
              {WEEKDAYS.map((w) => (
                <label key={w.day} className="inline">
                  <input type="checkbox" checked={days.includes(w.day)} onChange={() => toggle(w.day)} /> {w.label}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="row">
            <div>
              <label htmlFor={`${id}-start`}>Start (HH:MM, site time)</label>
              <input id={`${id}-start`} type="time" value={start} onChange={(e) => setStart(e.target.value)} required />
            </div>
            <div>
              <label htmlFor={`${id}-end`}>End (HH:MM, site time)</label>
              <input id={`${id}-end`} type="time" value={end} onChange={(e) => setEnd(e.target.value)} aria-describedby={`${id}-overnight`} required />
            </div>
          </div>
          <p id={`${id}-overnight`} className="muted" aria-live="polite">
            {end < start ? `Overnight: from ${start} until ${end} the next morning.` : ''}
          </p>
        </>
      )}
      <div className="row">
        <div>
          <label htmlFor={`${id}-from`}>Valid from (optional, site time)</label>
          <input id={`${id}-from`} type="datetime-local" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-until`}>Valid until (optional, site time)</label>
          <input id={`${id}-until`} type="datetime-local" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
