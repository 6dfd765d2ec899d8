import { useEffect, useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import { GrantAccessMutation, RevokeAccessMutation } from '../users/users.operations';
import './locks.css';
import { ClearLockoutMutation, LockQuery, UpdatePermissionMutation, UserPickerQuery } from './locks.operations';
import { describeTerms, ScheduleFields, type Terms } from './schedule.form';

const PAGE_SIZE = 100;

/** An empty list holds no Permission: a granted one must still refresh it. */
const PERMISSION_LISTS = { additionalTypenames: ['Permission', 'User'] };

/** Seconds left until `until`, ticking each second. */
function useSecondsLeft(until: string | null | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((new Date(until).getTime() - now) / 1000)) : 0;
}

function Lockout({ lockId, lockout, onCleared }: { lockId: string; lockout: { lockedOut: boolean; until?: string | null; failures: number }; onCleared: () => void }) {
  const timezone = useMe().site.timezone;
  const left = useSecondsLeft(lockout.lockedOut ? lockout.until : null);
  const [{ fetching, error }, clear] = useMutation(ClearLockoutMutation);
  const locked = lockout.lockedOut && (!lockout.until || left > 0);
  return (
    <section aria-labelledby="lockout-h" className="panel">
      <h2 id="lockout-h">Lockout</h2>
      {/* The state is announced when it changes, not the countdown every second. */}
      <p role="status">
        {locked ? <strong>Locked out</strong> : `Not locked out. ${lockout.failures} recent failed attempts.`}
        {locked && (
          <span aria-hidden="true" data-testid="lockout-countdown">
            : the keypad refuses every PIN
            {lockout.until ? ` for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} more` : ' until cleared'}
          </span>
        )}
        {locked && lockout.until && <> (until {new Date(lockout.until).toLocaleTimeString('en-GB', { timeZone: timezone })}, site time).</>}
      </p>
      {(locked || lockout.failures > 0) && (
        <button type="button" disabled={fetching} onClick={async () => (await clear({ lockId })).data && onCleared()}>
          Clear lockout
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

type Permission = { id: string; user: { id: string; name: string }; schedule?: Terms['schedule']; validFrom?: string | null; validUntil?: string | null };

function PermissionRow({ permission }: { permission: Permission }) {
  const timezone = useMe().site.timezone;
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState(false);
  const [update, updatePermission] = useMutation(UpdatePermissionMutation);
  const [revoke, revokeAccess] = useMutation(RevokeAccessMutation);
  const save = async (t: Terms) => {
    if ((await updatePermission({ id: permission.id, input: t })).data) setEditing(false);
  };
  return (
    <tr>
      <td>
        <Link to={`/users/${permission.user.id}/keys`}>{permission.user.name}</Link>
      </td>
      <td>
        {editing ? (
          <>
            <ScheduleFields initial={permission} submitLabel="Save schedule" busy={update.fetching} onSubmit={save} />
            <ErrorMessage error={update.error} />
          </>
        ) : (
          describeTerms(permission, timezone)
        )}
      </td>
      <td>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setEditing(!editing)}>
            {editing ? 'Cancel' : 'Edit schedule'}
          </button>
          {asking ? (
            <span className="confirm" role="group" aria-label="Confirm revoking">
              Revoke? The door refuses {permission.user.name}'s PINs from now on.{' '}
              <button type="button" className="danger" disabled={revoke.fetching} onClick={() => revokeAccess({ permissionId: permission.id }, { additionalTypenames: ['Permission'] })}>
                Revoke access
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="secondary" onClick={() => setAsking(true)}>
              Revoke…
            </button>
          )}
        </div>
        <ErrorMessage error={revoke.error} />
      </td>
    </tr>
  );
}

function GrantForm({ lockId }: { lockId: string }) {
  const me = useMe();
  const id = useId();
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const [{ data }] = useQuery({ query: UserPickerQuery, variables: { siteId: me.site.id, search: search.trim() || null }, context: PERMISSION_LISTS });
  const users = data?.site?.users ?? [];
  const chosen = users.some((u) => u.id === userId) ? userId : (users[0]?.id ?? '');
  const [grant, grantAccess] = useMutation(GrantAccessMutation);
  const submit = (t: Terms) => grantAccess({ input: { userId: chosen, lockId, ...t } }, { additionalTypenames: ['Permission'] });
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Give someone access</h2>
      <ScheduleFields submitLabel="Grant access" busy={grant.fetching || !chosen} onSubmit={submit}>
        <div className="row">
          <div>
            <label htmlFor={`${id}-search`}>Find a user</label>
            <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={200} />
          </div>
          <div>
            <label htmlFor={`${id}-user`}>User</label>
            <select id={`${id}-user`} value={chosen} onChange={(e) => setUserId(e.target.value)}>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.email ? ` (${u.email})` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      </ScheduleFields>
      <ErrorMessage error={grant.error} />
    </section>
  );
}

/** Admin: one door, who may open it and when, and its lockout. */
export function LockPage() {
  const { lockId = '' } = useParams();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: LockQuery, variables: { id: lockId, first: PAGE_SIZE, after }, context: PERMISSION_LISTS });
  if (fetching && !data) return <p className="loading" aria-live="polite">Loading…</p>;
  const lock = data?.lock;
  if (!lock) {
    return (
      <>
        <h1>Door</h1>
        {error ? <ErrorMessage error={error} /> : <p>This door does not exist.</p>}
      </>
    );
  }
  return (
    <>
      <h1>{lock.name}</h1>
      <p>
        <Link to="/locks">All doors</Link> · Keypad PINs {lock.pinEnabled ? 'accepted' : 'turned off'}
      </p>
      <Lockout lockId={lock.id} lockout={lock.lockout} onCleared={() => refetch({ requestPolicy: 'network-only' })} />
      <section aria-labelledby="who-h">
        <h2 id="who-h">Who may open it, and when</h2>
        {lock.permissions.length === 0 ? (
          <p className="muted">Nobody yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">When</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {lock.permissions.map((p) => (
                <PermissionRow key={p.id} permission={p} />
              ))}
            </tbody>
          </table>
        )}
        <div className="actions">
          {after && (
            <button type="button" className="secondary" onClick={() => setAfter(null)}>
              First page
            </button>
          )}
          {lock.permissions.length === PAGE_SIZE && (
            <button type="button" className="secondary" onClick={() => setAfter(lock.permissions[lock.permissions.length - 1].id)}>
              Next page
            </button>
          )}
        </div>
      </section>
      <GrantForm lockId={lock.id} />
    </>
  );
}
