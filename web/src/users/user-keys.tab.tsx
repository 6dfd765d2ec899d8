import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import { usePinIssuer } from '../app/pin-issuer';
import { ShownOnceConfirmation } from '../app/shown-once.confirmation';
import { siteTimeText } from '../app/site-time';
import type { PinKind, PinStatus } from '../gql/graphql';
import { describeTerms, ScheduleFields, type Terms } from '../locks/schedule.form';
import {
  BlockPinMutation,
  CreateSignInLinkMutation,
  GrantAccessMutation,
  RevokeAccessMutation,
  UnblockPinMutation,
  UserKeysQuery,
} from './users.operations';

/** Empty lists hold no Pin or Permission: new ones must still refresh them. */
const KEYS_LISTS = { additionalTypenames: ['Pin', 'Permission', 'Lock'] };

const when = (iso: string | null | undefined, timezone: string) => (iso ? siteTimeText(iso, timezone) : '—');
const STATUS: Record<PinStatus, string> = { ACTIVE: 'Active', BLOCKED: 'Blocked', REPLACED: 'Replaced' };
const KIND: Record<PinKind, string> = { AUTO: 'Generated', CUSTOM: 'Custom' };

type Pin = { id: string; kind: PinKind; status: PinStatus; length: number; createdAt: string; blockedAt?: string | null; blockedBy?: { id: string; name: string } | null };

function PinsTable({ userId, pins, onCode }: { userId: string; pins: Pin[]; onCode: (code: string) => void }) {
  const timezone = useMe().site.timezone;
  const issuer = usePinIssuer(onCode);
  const [block, blockPin] = useMutation(BlockPinMutation);
  const [unblock, unblockPin] = useMutation(UnblockPinMutation);
  const [asking, setAsking] = useState<string | null>(null);
  const busy = issuer.busy || block.fetching || unblock.fetching;
  const hasAuto = pins.some((p) => p.kind === 'AUTO' && p.status !== 'REPLACED');
  return (
    <section aria-labelledby="pins-h">
      <h2 id="pins-h">PINs</h2>
      {pins.length === 0 ? (
        <p className="muted">No PINs yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Length</th>
              <th scope="col">Since</th>
              <th scope="col">Blocked (by)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {pins.map((p) => (
              <tr key={p.id}>
                <td>{KIND[p.kind]}</td>
                <td className={`status-${p.status}`}>{STATUS[p.status]}</td>
                <td>{p.length} digits</td>
                <td>{when(p.createdAt, timezone)}</td>
                <td>
                  {p.blockedAt ? when(p.blockedAt, timezone) : '—'}
                  {p.status === 'BLOCKED' && <> by {p.blockedBy ? <Link to={`/users/${p.blockedBy.id}`}>{p.blockedBy.name}</Link> : 'the user or a service'}</>}
                </td>
                <td>
                  {p.status !== 'REPLACED' && (
                    <div className="actions">
                      {p.status === 'ACTIVE' &&
                        (asking === p.id ? (
                          <span className="confirm" role="group" aria-label="Confirm blocking">
                            Block this PIN? Every door refuses it at once.{' '}
                            <button type="button" className="danger" disabled={busy} onClick={async () => (await blockPin({ pinId: p.id })).data && setAsking(null)}>
                              Block PIN
                            </button>{' '}
                            <button type="button" className="secondary" onClick={() => setAsking(null)}>
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(p.id)}>
                            Block…
                          </button>
                        ))}
                      {p.status === 'BLOCKED' && (
                        <button type="button" className="secondary" disabled={busy} onClick={() => unblockPin({ pinId: p.id })}>
                          Unblock
                        </button>
                      )}
                      <button type="button" className="secondary" disabled={busy} onClick={() => issuer.reassign({ pinId: p.id })}>
                        Re-assign
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!hasAuto && (
        <p>
          <button type="button" disabled={busy} onClick={() => issuer.assign({ userId, kind: 'AUTO' })}>
            Assign a generated PIN
          </button>
        </p>
      )}
      <ErrorMessage error={issuer.error ?? block.error ?? unblock.error} />
    </section>
  );
}

type Door = { id: string; lock: { id: string; name: string }; schedule?: Terms['schedule']; validFrom?: string | null; validUntil?: string | null };

function Doors({ userId, doors, locks }: { userId: string; doors: Door[]; locks: Array<{ id: string; name: string }> }) {
  const id = useId();
  const timezone = useMe().site.timezone;
  const [lockId, setLockId] = useState('');
  const [grant, grantAccess] = useMutation(GrantAccessMutation);
  const [revoke, revokeAccess] = useMutation(RevokeAccessMutation);
  const [asking, setAsking] = useState<string | null>(null);
  const chosen = lockId || locks[0]?.id || '';
  const submit = async (t: Terms) => {
    await grantAccess({ input: { userId, lockId: chosen, schedule: t.schedule, validFrom: t.validFrom, validUntil: t.validUntil } }, { additionalTypenames: ['Permission'] });
  };
  return (
    <section aria-labelledby="doors-h">
      <h2 id="doors-h">Doors they may open</h2>
      {doors.length === 0 ? (
        <p className="muted">No doors yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Door</th>
              <th scope="col">When</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {doors.map((d) => (
              <tr key={d.id}>
                <td>{d.lock.name}</td>
                <td>{describeTerms(d, timezone)}</td>
                <td>
                  {asking === d.id ? (
                    <span className="confirm" role="group" aria-label="Confirm revoking">
                      Revoke? The door refuses their PINs from now on.{' '}
                      <button type="button" className="danger" disabled={revoke.fetching} onClick={async () => (await revokeAccess({ permissionId: d.id }, { additionalTypenames: ['Permission'] })).data && setAsking(null)}>
                        Revoke access
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => setAsking(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="secondary" onClick={() => setAsking(d.id)}>
                      Revoke…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorMessage error={revoke.error} />
      <div className="panel">
        <h3>Grant access to a door</h3>
        {locks.length === 0 ? (
          <p className="muted">Create a door on the Locks page first.</p>
        ) : (
          <ScheduleFields submitLabel="Grant access" busy={grant.fetching} onSubmit={submit}>
            <label htmlFor={`${id}-lock`}>Door</label>
            <select id={`${id}-lock`} value={chosen} onChange={(e) => setLockId(e.target.value)}>
              {locks.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </ScheduleFields>
        )}
        <ErrorMessage error={grant.error} />
      </div>
    </section>
  );
}

/** A one-use sign-in link for the user, shown in this component's state only. */
function SignInLink({ userId }: { userId: string }) {
  const client = useClient();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const send = async () => {
    setBusy(true);
    const res = await client.mutation(CreateSignInLinkMutation, { userId }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    setError(res.error ?? null);
    setUrl(res.data?.createSignInLink.url ?? null);
  };
  return (
    <section aria-labelledby="link-h">
      <h2 id="link-h">Sign-in link</h2>
      <p>
        <button type="button" className="secondary" onClick={send} disabled={busy}>
          Send sign-in link
        </button>
      </p>
      <ErrorMessage error={error} />
      {url && (
        <div className="panel">
          <p>One use, valid for 60 minutes. Copy it now: it is not shown again.</p>
          <p className="secret-url">
            <code>{url}</code>
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => navigator.clipboard.writeText(url).catch(() => undefined)}>
              Copy link
            </button>
            <button type="button" className="secondary" onClick={() => setUrl(null)}>
              Hide
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** The Keys tab: the user's PINs and the doors they may open. */
export function UserKeysTab() {
  const { userId = '' } = useParams();
  const me = useMe();
  const [{ data, fetching, error }] = useQuery({ query: UserKeysQuery, variables: { id: userId, siteId: me.site.id }, requestPolicy: 'cache-and-network', context: KEYS_LISTS });
  const [code, setCode] = useState<string | null>(null);
  const user = data?.user;
  if (code !== null && user) return <ShownOnceConfirmation kind="PIN" secret={code} title={`New PIN for ${user.name}`} instruction={`Give it to ${user.name} now; PinGate keeps no readable copy.`} onDone={() => setCode(null)} />;
  if (fetching && !data) return <p className="loading" aria-live="polite">Loading…</p>;
  if (!user) return <ErrorMessage error={error} />;
  return (
    <>
      <PinsTable userId={user.id} pins={user.pins} onCode={setCode} />
      <Doors userId={user.id} doors={user.permissions} locks={data?.site?.locks ?? []} />
      <SignInLink userId={user.id} />
    </>
  );
}
