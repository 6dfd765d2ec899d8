import { useId, useState, type FormEvent } from 'react';
import { useClient, type CombinedError } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { CreateBridgeTokenMutation, CreateServiceTokenMutation } from './settings.operations';

/** Token and bridge lists hold no Token or Bridge when empty: a new one must still refresh them. */
export const TOKEN_LISTS = { additionalTypenames: ['Token', 'Bridge'] };

export type Issued = { secret: string; what: string };

/** A `datetime-local` value as an ISO instant; empty: never expires. */
const expiryOf = (local: string): string | null => (local ? new Date(local).toISOString() : null);

/**
 * Creates a bridge or service token. The secret comes back in the promise (network only, never in
 * the document cache or a hook's state) and goes straight to the parent's confirmation state.
 */
export function TokenCreateForm({ siteId, locks, onIssued }: { siteId: string; locks: Array<{ id: string; name: string }>; onIssued: (issued: Issued) => void }) {
  const id = useId();
  const client = useClient();
  const [kind, setKind] = useState<'BRIDGE' | 'SERVICE'>('BRIDGE');
  const [name, setName] = useState('');
  const [scoped, setScoped] = useState(false);
  const [lockIds, setLockIds] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const expiresAt = expiryOf(expires);
      const context = { requestPolicy: 'network-only' as const, ...TOKEN_LISTS };
      if (kind === 'BRIDGE') {
        const input = { siteId, name, expiresAt, lockIds: scoped ? lockIds : null };
        const res = await client.mutation(CreateBridgeTokenMutation, { input }, context).toPromise();
        if (res.error) setError(res.error);
        if (res.data) onIssued({ secret: res.data.createBridgeToken.token, what: `bridge token “${name}”` });
      } else {
        const res = await client.mutation(CreateServiceTokenMutation, { siteId, name, expiresAt }, context).toPromise();
        if (res.error) setError(res.error);
        if (res.data) onIssued({ secret: res.data.createServiceToken.token, what: `service token “${name}”` });
      }
    } finally {
      setBusy(false);
    }
  };
  const toggleLock = (lockId: string, on: boolean) => setLockIds(on ? [...lockIds, lockId] : lockIds.filter((l) => l !== lockId));
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h3 id={`${id}-h`}>Create a token</h3>
      <form onSubmit={submit} aria-describedby={`${id}-err`}>
        <fieldset>
          <legend>Kind</legend>
          <label className="inline">
            <input type="radio" name={`${id}-kind`} checked={kind === 'BRIDGE'} onChange={() => setKind('BRIDGE')} />
            Bridge token (a bridge at the doors asks PinGate with it)
          </label>
          <label className="inline">
            <input type="radio" name={`${id}-kind`} checked={kind === 'SERVICE'} onChange={() => setKind('SERVICE')} />
            Service token (an integration acting for the site)
          </label>
        </fieldset>
        <div className="row">
          <div>
            <label htmlFor={`${id}-name`}>Token name</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </div>
          <div>
            <label htmlFor={`${id}-expires`}>Expires (optional)</label>
            <input id={`${id}-expires`} type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} aria-describedby={`${id}-expires-hint`} />
          </div>
        </div>
        <p id={`${id}-expires-hint`} className="muted hint">
          Empty: it never expires. At most 5 years ahead.
        </p>
        {kind === 'BRIDGE' && (
          <fieldset>
            <legend>Doors it serves</legend>
            <label className="inline">
              <input type="checkbox" checked={scoped} onChange={(e) => setScoped(e.target.checked)} />
              Only some doors (otherwise every door of the site, including new ones)
            </label>
            {scoped && (
              <div>
                {locks.length === 0 && <p className="muted">The site has no doors yet.</p>}
                {locks.map((l) => (
                  <label key={l.id} className="inline">
                    <input type="checkbox" checked={lockIds.includes(l.id)} onChange={(e) => toggleLock(l.id, e.target.checked)} />
                    {l.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
        )}
        <p>
          <button type="submit" disabled={busy}>
            {kind === 'BRIDGE' ? 'Create bridge token' : 'Create service token'}
          </button>
        </p>
      </form>
      <ErrorMessage error={error} id={`${id}-err`} />
    </section>
  );
}
