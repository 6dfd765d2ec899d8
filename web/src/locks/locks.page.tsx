import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import './locks.css';
import { CreateLockMutation, LocksPageQuery, UpdateLockMutation } from './locks.operations';

const PAGE_SIZE = 100;

/** An empty list holds no Lock: a created one must still refresh it. */
const LOCK_LISTS = { additionalTypenames: ['Lock'] };

type Lock = { id: string; name: string; pinEnabled: boolean };

/** One door's row: rename in place, PIN-enabled toggle. */
function LockRow({ lock }: { lock: Lock }) {
  const id = useId();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(lock.name);
  const [{ fetching, error }, update] = useMutation(UpdateLockMutation);
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    if ((await update({ id: lock.id, input: { name } })).data) setRenaming(false);
  };
  return (
    <tr>
      <td>
        {renaming ? (
          <form onSubmit={rename} className="row">
            <label htmlFor={`${id}-name`} className="inline">
              New name
            </label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            <button type="submit" disabled={fetching}>
              Save
            </button>
            <button type="button" className="secondary" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <Link to={`/locks/${lock.id}`}>{lock.name}</Link>
        )}
        <ErrorMessage error={error} />
      </td>
      <td>
        <label className="inline">
          <input
            type="checkbox"
            checked={lock.pinEnabled}
            disabled={fetching}
            onChange={(e) => update({ id: lock.id, input: { pinEnabled: e.target.checked } })}
          />{' '}
          PINs accepted at {lock.name}
        </label>
      </td>
      <td>
        {!renaming && (
          <button type="button" className="secondary" onClick={() => (setName(lock.name), setRenaming(true))}>
            Rename
          </button>
        )}
      </td>
    </tr>
  );
}

function LockRows({ after, isLast, onMore }: { after: string | null; isLast: boolean; onMore: (after: string) => void }) {
  const me = useMe();
  const [{ data, fetching, error }] = useQuery({ query: LocksPageQuery, variables: { siteId: me.site.id, first: PAGE_SIZE, after }, context: LOCK_LISTS });
  const locks = data?.site?.locks ?? [];
  return (
    <>
      {locks.map((l) => (
        <LockRow key={l.id} lock={l} />
      ))}
      {isLast && (fetching || error || locks.length === PAGE_SIZE) && (
        <tr>
          <td colSpan={3}>
            {fetching && <span aria-live="polite">Loading…</span>}
            <ErrorMessage error={error} />
            {!fetching && locks.length === PAGE_SIZE && (
              <button type="button" className="secondary" onClick={() => onMore(locks[locks.length - 1].id)}>
                Load more
              </button>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function CreateLockForm() {
  const me = useMe();
  const id = useId();
  const [name, setName] = useState('');
  const [{ fetching, error }, create] = useMutation(CreateLockMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((await create({ input: { siteId: me.site.id, name } }, { additionalTypenames: ['Lock'] })).data) setName('');
  };
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Add a door</h2>
      <form onSubmit={submit} className="row">
        <div>
          <label htmlFor={`${id}-name`}>Door name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </div>
        <button type="submit" disabled={fetching}>
          Create door
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

/** Admin: the site's doors. */
export function LocksPage() {
  const [afters, setAfters] = useState<Array<string | null>>([null]);
  return (
    <>
      <h1>Locks</h1>
      <CreateLockForm />
      <table>
        <thead>
          <tr>
            <th scope="col">Door</th>
            <th scope="col">Keypad PINs</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {afters.map((after, i) => (
            <LockRows key={after ?? ''} after={after} isLast={i === afters.length - 1} onMore={(next) => setAfters((a) => [...a, next])} />
          ))}
        </tbody>
      </table>
    </>
  );
}
