import { useCallback, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useConnectionState } from '../app/connection.state';
import { useMe } from '../app/session.context';
import { ActivityFilters, NO_FILTER, matches, type ActivityFilter } from './activity.filters';
import { useActivityFeed } from './activity.feed';
import { ActivityList } from './activity.list';
import { ActivityDirectoryQuery } from './activity.operations';
import './activity.css';

const TOKEN_KIND = { BRIDGE: 'Bridge', SERVICE: 'Service', USER: 'Session' } as const;

/**
 * `/activity`: the site's events, newest first, live. History comes a page at a time from the
 * `pinEvents` query ("Load older events"), then the `pinEvents` subscription follows from the last
 * event shown. The door, person and event filters apply in the browser to the events loaded so
 * far. Decisions a bridge made offline (reported later, at their real time) are marked.
 */
export function ActivityPage() {
  const me = useMe();
  const siteId = me.site.id;
  const feed = useActivityFeed(siteId);
  const connection = useConnectionState();
  const [filter, setFilter] = useState<ActivityFilter>(NO_FILTER);
  const [{ data: directory, error: directoryError }] = useQuery({ query: ActivityDirectoryQuery, variables: { siteId, first: 1000 } });

  const site = directory?.site;
  const names = useMemo(() => {
    const byId = new Map<string, string>();
    for (const u of site?.users ?? []) byId.set(u.id, u.name);
    for (const t of site?.tokens ?? []) byId.set(t.id, t.user ? t.user.name : `${TOKEN_KIND[t.kind]} ${t.name ?? 'token'}`);
    return byId;
  }, [site]);
  const actorName = useCallback((id: string | null) => (id === 'cli' ? 'Command line' : id ? (names.get(id) ?? 'Unknown') : ''), [names]);

  const shown = useMemo(() => {
    const newestFirst = [];
    for (let i = feed.events.length - 1; i >= 0; i--) if (matches(feed.events[i], filter)) newestFirst.push(feed.events[i]);
    return newestFirst;
  }, [feed.events, filter]);

  const live = feed.following && connection === 'live';
  const liveWords = !feed.following ? 'Loading events…' : live ? 'Live: new events appear as they happen' : 'Reconnecting… events made meanwhile will appear';

  return (
    <>
      <div className="row page-head">
        <h1>Activity</h1>
        <p className={`live-state ${live ? 'is-live' : 'is-waiting'}`} role="status" data-testid="activity-live" data-state={live ? 'live' : feed.following ? 'reconnecting' : 'loading'}>
          {liveWords}
        </p>
      </div>
      <ErrorMessage error={directoryError} />
      <ActivityFilters filter={filter} onChange={setFilter} locks={site?.locks ?? []} users={site?.users ?? []} />
      {feed.gap && <p className="notice">Some events were deleted by the retention period while the connection was lost; the list resumes from now.</p>}
      <ErrorMessage error={feed.liveError} />
      <p className="muted" aria-live="polite">
        {shown.length === feed.events.length ? `${feed.events.length} events loaded` : `${shown.length} of ${feed.events.length} loaded events match`}
      </p>
      <ActivityList events={shown} timezone={me.site.timezone} actorName={actorName} />
      <ErrorMessage error={feed.historyError} />
      <p>
        {feed.reachedStart ? (
          <span className="muted">This is the start of the log.</span>
        ) : (
          <button type="button" className="secondary" onClick={feed.loadOlder} disabled={feed.loadingHistory}>
            {feed.loadingHistory ? 'Loading…' : 'Load older events'}
          </button>
        )}
      </p>
    </>
  );
}
