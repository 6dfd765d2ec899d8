import { useEffect, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { ErrorMessage } from '../app/error.message';
import type { SiteTokensQuery } from '../gql/graphql';
import { ResolveExposedPinsMutation, TokensQuery } from './settings.operations';

/** Pages of 100: bigger ones cost more than the API allows. */
const PAGE = 100;

type Reissued = Array<{ code: string; userName: string; pinId: string }>;

/**
 * After a bridge token is revoked: how many ACTIVE PINs it held, and blocking or re-issuing them.
 * Re-issued digits live in this component's state only and are dropped by "Done".
 */
export function ExposedPinsPanel({ siteId, token, onClose }: { siteId: string; token: { id: string; name: string }; onClose: () => void }) {
  const client = useClient();
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reissued, setReissued] = useState<Reissued | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      // The revoked token is found among every token of the site, page by page.
      for (let after: string | null = null; live; ) {
        const res = await client.query(TokensQuery, { siteId, first: PAGE, after, includeRevoked: true }, { requestPolicy: 'network-only' }).toPromise();
        if (!live) return;
        if (res.error) return setError(res.error);
        const tokens: NonNullable<SiteTokensQuery['site']>['tokens'] = res.data?.site?.tokens ?? [];
        const found = tokens.find((t) => t.id === token.id);
        if (found) return setCount(found.exposedPins?.length ?? 0);
        if (tokens.length < PAGE) return setCount(0);
        after = tokens[tokens.length - 1].id;
      }
    })();
    return () => {
      live = false;
    };
  }, [client, siteId, token.id]);
  const resolve = async (action: 'BLOCK' | 'REISSUE') => {
    setBusy(true);
    setError(null);
    try {
      const res = await client.mutation(ResolveExposedPinsMutation, { tokenId: token.id, action }, { requestPolicy: 'network-only', additionalTypenames: ['Pin', 'Token'] }).toPromise();
      if (res.error) return setError(res.error);
      const out = res.data?.resolveExposedPins ?? [];
      setCount(0);
      if (action === 'BLOCK') setDone(`Blocked ${count ?? 0} exposed ${count === 1 ? 'PIN' : 'PINs'}.`);
      else {
        setDone(`Re-issued ${out.length} generated ${out.length === 1 ? 'PIN' : 'PINs'}; exposed custom PINs were blocked.`);
        setReissued(out.map((a) => ({ code: a.code, userName: a.pin.user.name, pinId: a.pin.id })));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="exposed-h" className="panel">
      <h3 id="exposed-h">PINs exposed by “{token.name}”</h3>
      <p role="status" aria-live="polite">
        {count === null ? 'Counting the PINs this bridge held…' : done ?? `${count} active ${count === 1 ? 'PIN was' : 'PINs were'} held by this bridge.`}
      </p>
      {count !== null && count > 0 && !done && (
        <>
          <p>
            Whoever holds the bridge could try these PINs offline. <strong>Block them</strong> makes every door refuse them at once;{' '}
            <strong>Re-issue them</strong> gives each generated PIN new digits (shown once, here) and blocks custom PINs, whose users choose new
            ones.
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => resolve('BLOCK')}>
              Block them
            </button>
            <button type="button" disabled={busy} onClick={() => resolve('REISSUE')}>
              Re-issue them
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={error} />
      {reissued && reissued.length > 0 && (
        <div>
          <p>
            <strong>This is the only time these PINs are shown.</strong> Give each to its user now; PinGate keeps no readable copy.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">New PIN</th>
              </tr>
            </thead>
            <tbody>
              {reissued.map((r) => (
                <tr key={r.pinId}>
                  <td>{r.userName}</td>
                  <td className="digits-small">{r.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <button type="button" className="secondary" onClick={onClose}>
          Done
        </button>
      </p>
    </section>
  );
}
