import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ActivityEvent } from './activity.merge';
import { EVENT_WORDS, REASON_WORDS } from './activity.words';
import { siteTimeFormat } from '../app/site-time';

/** Every row has this height, so 10,000 rows cost one window of them. */
export const ROW_HEIGHT = 36;

interface Props {
  /** Newest first. */
  events: readonly ActivityEvent[];
  timezone: string;
  actorName(actorId: string | null): string;
}

/**
 * The events as a table of which only the rows in view (and a few around them) are in the page:
 * two spacer rows stand for the others, so the scroll bar and keyboard scrolling behave as if all
 * were there.
 */
export function ActivityList({ events, timezone, actorName }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => events[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const top = items.length ? items[0].start : 0;
  const bottom = items.length ? total - items[items.length - 1].end : 0;
  const time = siteTimeFormat(timezone, true);

  return (
    <div className="activity-scroll" ref={scroller} tabIndex={0} role="region" aria-label={`Events, ${events.length} shown, newest first`}>
      <table className="activity-table" aria-rowcount={events.length + 1}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Reason</th>
            <th scope="col">Door</th>
            <th scope="col">Person</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={6} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const e = events[item.index];
            return (
              <tr key={item.key} className="event-row" data-event-id={e.id} aria-rowindex={item.index + 2}>
                <td>
                  <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
                </td>
                <td>
                  {EVENT_WORDS[e.type] ?? e.type}
                  {e.offline ? <span className="offline-flag"> (decided offline by its bridge)</span> : null}
                </td>
                <td>
                  {e.reason ? REASON_WORDS[e.reason] : ''}
                  {e.failedAttempts != null ? `${e.reason ? ', ' : ''}${e.failedAttempts} failed attempts before` : ''}
                </td>
                <td>{e.lock?.name ?? ''}</td>
                <td>{e.user?.name ?? ''}</td>
                <td>{e.actorId ? actorName(e.actorId) : ''}</td>
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={6} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
