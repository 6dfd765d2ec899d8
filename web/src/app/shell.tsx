import { useContext, useEffect, useRef } from 'react';
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { MeQuery } from './me.operations';
import { ErrorMessage } from './error.message';
import { SessionContext } from './session.context';
import { signOut } from './auth.api';
import { ConnectionBadge } from './connection.badge';
import { sessionEnded, useSessionEnded } from './session.ended';

/** The signed-in frame: site, navigation by role, the live connection, sign out. */
export function Shell() {
  const [{ data, fetching, error }, recheck] = useQuery({ query: MeQuery, requestPolicy: 'network-only' });
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const ended = useSessionEnded();
  const known = useRef<NonNullable<typeof data>['me'] | null>(null);
  const first = useRef(true);
  // Each move to another page asks again who is signed in, so an ended session shows promptly.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    recheck({ requestPolicy: 'network-only' });
  }, [pathname, recheck]);
  if (data?.me) known.current = data.me;
  const lostSession = known.current !== null && data !== undefined && data.me === null;
  useEffect(() => {
    if (lostSession) sessionEnded.set(true);
  }, [lostSession]);
  if (fetching && !data && !known.current) return <p className="loading" aria-live="polite">Loading…</p>;
  if (error && !data) {
    return (
      <main className="page narrow">
        <h1>PinGate</h1>
        <ErrorMessage error={error} />
      </main>
    );
  }
  const me = data?.me ?? known.current;
  if (!me) return <Navigate to="/sign-in" replace />;
  const admin = me.role === 'ADMIN';
  const leave = async () => {
    await signOut().catch(() => undefined);
    sessionEnded.set(false);
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
      {(ended || lostSession) && (
        <div className="banner" role="alert">
          <strong>Your session ended.</strong> Nothing more can be read or changed from this page. To go on, open a new
          sign-in link: ask your site admin for one, or type <code>/pin web</code> in Slack.{' '}
          <Link to="/sign-in" onClick={() => sessionEnded.set(false)}>
            Go to the sign-in page
          </Link>
        </div>
      )}
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
