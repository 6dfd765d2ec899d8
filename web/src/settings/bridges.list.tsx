import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import { BridgesQuery } from './settings.operations';
import { ago, when } from './settings.words';
import { TOKEN_LISTS } from './token-create.form';

/** The time now, moving on every 30 s (for "synced 3 min ago"). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The site's bridges that are not revoked, with their sync state. */
export function BridgesList({ siteId, lockNames }: { siteId: string; lockNames: Map<string, string> }) {
  const now = useNow();
  const timezone = useMe().site.timezone;
  const [{ data, error }] = useQuery({ query: BridgesQuery, variables: { siteId }, context: TOKEN_LISTS });
  const bridges = data?.site?.bridges ?? [];
  return (
    <section aria-labelledby="bridges-h">
      <h2 id="bridges-h">Bridges</h2>
      <ErrorMessage error={error} />
      {!data ? (
        <p className="loading" aria-live="polite">Loading…</p>
      ) : bridges.length === 0 ? (
        <p className="muted">No bridges yet. Create a bridge token below and give it to the bridge at the doors.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Doors</th>
              <th scope="col">State</th>
              <th scope="col">Last seen</th>
              <th scope="col">Last synced</th>
              <th scope="col">Users in replica</th>
            </tr>
          </thead>
          <tbody>
            {bridges.map((b) => (
              <tr key={b.id}>
                <td>{b.name ?? <span className="muted">(unnamed)</span>}</td>
                <td>{b.lockIds ? b.lockIds.map((l) => lockNames.get(l) ?? 'a deleted door').join(', ') : 'Every door'}</td>
                <td className={b.online ? 'status-ACTIVE' : 'status-BLOCKED'}>{b.online ? 'Online' : 'Offline'}</td>
                <td>{b.lastSeenAt ? when(b.lastSeenAt, timezone) : 'Never'}</td>
                <td>{b.lastSyncedAt ? `${when(b.lastSyncedAt, timezone)} (synced ${ago(b.lastSyncedAt, now)})` : 'Never synced'}</td>
                <td>{b.replicaSize ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
