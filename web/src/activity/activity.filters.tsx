import type { PinEventType } from '../gql/graphql';
import { EVENT_TYPES, EVENT_WORDS } from './activity.words';
import type { ActivityEvent } from './activity.merge';

export interface ActivityFilter {
  lockId: string;
  userId: string;
  type: PinEventType | '';
}

export const NO_FILTER: ActivityFilter = { lockId: '', userId: '', type: '' };

/**
 * Filters run in the browser over the events loaded so far (the history pages shown and the live
 * stream), not on the server: "Load older events" widens what they search.
 */
export function matches(e: ActivityEvent, f: ActivityFilter): boolean {
  if (f.lockId && e.lock?.id !== f.lockId) return false;
  if (f.userId && e.user?.id !== f.userId && e.actorId !== f.userId) return false;
  if (f.type && e.type !== f.type) return false;
  return true;
}

interface Named {
  id: string;
  name: string;
}

export function ActivityFilters({
  filter,
  onChange,
  locks,
  users,
}: {
  filter: ActivityFilter;
  onChange(next: ActivityFilter): void;
  locks: readonly Named[];
  users: readonly Named[];
}) {
  return (
    <form className="row filters" aria-label="Filter events" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor="activity-door">Door</label>
        <select id="activity-door" value={filter.lockId} onChange={(e) => onChange({ ...filter, lockId: e.target.value })}>
          <option value="">All doors</option>
          {locks.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="activity-user">Person</label>
        <select id="activity-user" value={filter.userId} onChange={(e) => onChange({ ...filter, userId: e.target.value })}>
          <option value="">Everyone</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="activity-type">Event</label>
        <select id="activity-type" value={filter.type} onChange={(e) => onChange({ ...filter, type: e.target.value as PinEventType | '' })}>
          <option value="">Every event</option>
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVENT_WORDS[t]}
            </option>
          ))}
        </select>
      </div>
      {(filter.lockId || filter.userId || filter.type) && (
        <button type="button" className="secondary" onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </button>
      )}
    </form>
  );
}
