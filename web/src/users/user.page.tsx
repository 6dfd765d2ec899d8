import { NavLink, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import '../locks/locks.css';
import { UserQuery } from './users.operations';

/** A user's page: their name, and the Profile and Keys tabs. */
export function UserPage() {
  const { userId = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: UserQuery, variables: { id: userId } });
  if (fetching && !data) return <p className="loading" aria-live="polite">Loading…</p>;
  const user = data?.user;
  if (!user) {
    return (
      <>
        <h1>User</h1>
        {error ? <ErrorMessage error={error} /> : <p>This user no longer exists.</p>}
      </>
    );
  }
  return (
    <>
      <h1>{user.name}</h1>
      <nav aria-label="User sections">
        <ul className="tabs">
          <li>
            <NavLink to={`/users/${user.id}`} end>
              Profile
            </NavLink>
          </li>
          <li>
            <NavLink to={`/users/${user.id}/keys`}>Keys</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
