import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import type { Role } from '../gql/graphql';
import '../locks/locks.css';
import { CreateUserMutation, UserCountQuery, UsersPageQuery } from './users.operations';

const PAGE_SIZE = 100;

/** An empty page holds no User: a created one must still refresh it. */
const USER_LISTS = { additionalTypenames: ['User'] };

/** The value after the user stopped typing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** One page of the users table; the last page offers "Load more". */
function UsersRows({ search, after, isLast, onMore }: { search: string; after: string | null; isLast: boolean; onMore: (after: string) => void }) {
  const me = useMe();
  const [{ data, fetching, error }] = useQuery({ query: UsersPageQuery, variables: { siteId: me.site.id, search: search || null, first: PAGE_SIZE, after }, context: USER_LISTS });
  const users = data?.site?.users ?? [];
  return (
    <>
      {users.map((u) => (
        <tr key={u.id}>
          <td>
            <Link to={`/users/${u.id}`}>{u.name}</Link>
          </td>
          <td>{u.email ?? <span className="muted">—</span>}</td>
          <td>{u.role === 'ADMIN' ? 'Admin' : 'User'}</td>
          <td>{u.slackUserId ?? <span className="muted">—</span>}</td>
          <td>{u.pins.filter((p) => p.status !== 'REPLACED').length}</td>
        </tr>
      ))}
      {isLast && (
        <tr>
          <td colSpan={5}>
            {fetching && <span aria-live="polite">Loading…</span>}
            <ErrorMessage error={error} />
            {!fetching && users.length === PAGE_SIZE && (
              <button type="button" className="secondary" onClick={() => onMore(users[users.length - 1].id)}>
                Load more
              </button>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function CreateUserForm() {
  const me = useMe();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('USER');
  const [slack, setSlack] = useState('');
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateUserMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await create({ input: { siteId: me.site.id, name, email: email || null, role, slackUserId: slack || null } });
    if (res.data) {
      setCreated(res.data.createUser);
      setName('');
      setEmail('');
      setSlack('');
      setRole('USER');
    }
  };
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>Create a user</h2>
      <form onSubmit={submit} aria-describedby={`${id}-err`}>
        <div className="row">
          <div>
            <label htmlFor={`${id}-name`}>Name</label>
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          </div>
          <div>
            <label htmlFor={`${id}-email`}>Email (optional)</label>
            <input id={`${id}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} />
          </div>
          <div>
            <label htmlFor={`${id}-role`}>Role</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              <option value="USER">User</option>
              <option value="ADMIN">Admin</option>
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-slack`}>Slack member ID (optional)</label>
            <input id={`${id}-slack`} value={slack} onChange={(e) => setSlack(e.target.value)} placeholder="U0123ABCD" maxLength={64} />
          </div>
          <button type="submit" disabled={fetching}>
            Create user
          </button>
        </div>
      </form>
      <ErrorMessage error={error} id={`${id}-err`} />
      {created && !error && (
        <p role="status">
          Created <Link to={`/users/${created.id}`}>{created.name}</Link>.
        </p>
      )}
    </section>
  );
}

/** Admin: every user of the site, searchable and paged, and a form to add one. */
export function UsersPage() {
  const me = useMe();
  const [typed, setTyped] = useState('');
  const search = useDebounced(typed.trim(), 300);
  const [paging, setPaging] = useState<{ search: string; afters: Array<string | null> }>({ search: '', afters: [null] });
  const afters = paging.search === search ? paging.afters : [null];
  const [{ data: count }] = useQuery({ query: UserCountQuery, variables: { siteId: me.site.id, search: search || null }, context: USER_LISTS });
  const total = count?.site?.userCount;
  return (
    <>
      <h1>Users</h1>
      <CreateUserForm />
      <div className="row">
        <div>
          <label htmlFor="user-search">Search by name or email</label>
          <input id="user-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={200} />
        </div>
        <p className="muted" role="status" aria-live="polite">
          {total === undefined ? '' : `${total} ${total === 1 ? 'user' : 'users'}`}
        </p>
      </div>
      <table>
        <caption className="muted" style={{ textAlign: 'left' }}>
          Users of {me.site.name}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Slack ID</th>
            <th scope="col">PINs</th>
          </tr>
        </thead>
        <tbody>
          {afters.map((after, i) => (
            <UsersRows
              key={`${search}|${after ?? ''}`}
              search={search}
              after={after}
              isLast={i === afters.length - 1}
              onMore={(next) => setPaging({ search, afters: [...afters, next] })}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}
