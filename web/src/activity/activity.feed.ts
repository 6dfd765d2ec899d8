import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { connection } from '../app/connection.state';
import { errorCode } from '../app/error.message';
import { ActivityHistoryQuery, ActivityLiveSubscription } from './activity.operations';
import { mergeEvents, seqOf, type ActivityEvent } from './activity.merge';

/** Events per page of history (the API's maximum is 1000). */
export const HISTORY_PAGE = 500;

export interface ActivityFeed {
  /** Every event loaded, oldest first. */
  events: ActivityEvent[];
  loadingHistory: boolean;
  historyError: CombinedError | null;
  /** No older events to load. */
  reachedStart: boolean;
  loadOlder(): void;
  /** The live stream is open (history loaded, subscription started). */
  following: boolean;
  liveError: CombinedError | null;
  /** Retention deleted events the stream missed while it was away. */
  gap: boolean;
}

/**
 * The site's event log as the Activity page shows it: the newest page of history, older pages on
 * demand, then the `pinEvents` subscription from the last event shown.
 *
 * After a lost connection graphql-ws would re-subscribe with the variables it started with, and so
 * replay from the first cursor: instead, as soon as the connection drops, the subscription is
 * re-created with `after` = the last event shown. It waits for the reconnection and resumes from
 * there (no gap); an event delivered twice anyway is dropped by its id (no duplicate).
 */
export function useActivityFeed(siteId: string): ActivityFeed {
  const client = useClient();
  const [events, setEvents] = useState<ActivityEvent[]>([]);
  const shown = useRef(new Set<string>());
  const newest = useRef<string | null>(null);
  const oldest = useRef<string | null>(null);
  const [loadingHistory, setLoadingHistory] = useState(true);
  const [historyError, setHistoryError] = useState<CombinedError | null>(null);
  const [reachedStart, setReachedStart] = useState(false);
  const [ready, setReady] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [liveError, setLiveError] = useState<CombinedError | null>(null);
  const [gap, setGap] = useState(false);
  const resumeFromNow = useRef(false);

  const add = useCallback((incoming: readonly ActivityEvent[]) => {
    for (const e of incoming) {
      if (newest.current === null || seqOf(e.id) > seqOf(newest.current)) newest.current = e.id;
      if (oldest.current === null || seqOf(e.id) < seqOf(oldest.current)) oldest.current = e.id;
    }
    setEvents((known) => mergeEvents(known, incoming, shown.current));
  }, []);

  const fetchPage = useCallback(
    async (before: string | null): Promise<boolean> => {
      setLoadingHistory(true);
      setHistoryError(null);
      const result = await client.query(ActivityHistoryQuery, { siteId, before, last: HISTORY_PAGE }, { requestPolicy: 'network-only' }).toPromise();
      setLoadingHistory(false);
      if (result.error || !result.data) {
        setHistoryError(result.error ?? null);
        return false;
      }
      const page = result.data.pinEvents;
      add(page);
      if (page.length < HISTORY_PAGE) setReachedStart(true);
      return true;
    },
    [client, siteId, add],
  );

  // The newest page first, then the live stream.
  useEffect(() => {
    let cancelled = false;
    void fetchPage(null).then((ok) => {
      if (!cancelled && ok) setReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [fetchPage]);

  const loadOlder = useCallback(() => {
    if (loadingHistory || reachedStart || oldest.current === null) return;
    void fetchPage(oldest.current);
  }, [fetchPage, loadingHistory, reachedStart]);

  // A dropped connection: re-create the subscription from the last event shown.
  useEffect(() => {
    let previous = connection.get();
    return connection.subscribe(() => {
      const next = connection.get();
      if (previous === 'live' && next !== 'live') setGeneration((g) => g + 1);
      previous = next;
    });
  }, []);

  useEffect(() => {
    if (!ready) return;
    // From the last event shown; on an empty log from its start, so nothing made meanwhile is missed.
    const after = resumeFromNow.current ? null : (newest.current ?? '0');
    resumeFromNow.current = false;
    const subscription = client.subscription(ActivityLiveSubscription, { siteId, after }).subscribe((result) => {
      if (result.data) {
        setLiveError(null);
        add([result.data.pinEvents]);
      } else if (result.error) {
        if (errorCode(result.error) === 'CURSOR_EXPIRED') {
          // Retention deleted events after our cursor while we were away: follow from now.
          setGap(true);
          resumeFromNow.current = true;
          setGeneration((g) => g + 1);
        } else {
          setLiveError(result.error);
        }
      }
    });
    return () => subscription.unsubscribe();
  }, [client, siteId, ready, generation, add]);

  return { events, loadingHistory, historyError, reachedStart, loadOlder, following: ready, liveError, gap };
}
