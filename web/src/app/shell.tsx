import { useContext } from 'react';
import { NavLink, Navigate, Outlet, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { MeQuery } from './me.operations';
import { ErrorMessage } from './error.message';
import { SessionContext } from './session.context';
import { signOut } from './auth.api';
import { ConnectionBadge } from './connection.badge';

/** The signed-in frame: site, navigation by role, the live connection, sign out. */
export function Shell() {
  const [{ data, fetching, error }] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const navigate = useNavigate();
  if (fetching && !data) return <p className="loading" aria-live="polite">Loading…</p>;
  if (error && !data) {
    return (
      <main className="page narrow">
        <h1>PinGate</h1>
        <ErrorMessage error={error} />
      </main>
    );
  }
  const me = data?.me;
  if (!me) return <Navigate to="/sign-in" replace />;
  const admin = me.role === 'ADMIN';
  const leave = async () => {
    await signOut().catch(() => undefined);
    navigate('/sign-in?signed-out=1', { replace: true });
  };
  return (
    <SessionContext.Provider value={me}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">PinGate</span>
        <span className="site-name">{me.site.name}</span>
        <nav aria-label="Main">
          <ul>
            {admin && (
              <>
                <li><NavLink to="/users">Users</NavLink></li>
                <li><NavLink to="/locks">Locks</NavLink></li>
                <li><NavLink to="/activity">Activity</NavLink></li>
                <li><NavLink to="/settings">Settings</NavLink></li>
              </>
            )}
            <li><NavLink to="/my-pins">My PINs</NavLink></li>
          </ul>
        </nav>
        <ConnectionBadge />
        <span className="who">{me.name}</span>
        <button type="button" className="secondary" onClick={leave}>
          Sign out
        </button>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </SessionContext.Provider>
  );
}

/** Admin pages: a USER session is sent to its own page (the API refuses it anyway). */
export function AdminOnly() {
  const me = useMeOrNull();
  if (me && me.role !== 'ADMIN') return <Navigate to="/my-pins" replace />;
  return <Outlet />;
}

function useMeOrNull() {
  return useContext(SessionContext);
}

export function Home() {
  const me = useMeOrNull();
  return <Navigate to={me?.role === 'ADMIN' ? '/users' : '/my-pins'} replace />;
}
