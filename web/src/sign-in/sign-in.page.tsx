import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { signIn, type ApiFailure } from '../app/auth.api';
import { sessionEnded } from '../app/session.ended';

const REFUSED: Record<string, string> = {
  BAD_USER_INPUT: 'This sign-in link has expired or was already used. Ask your site admin for a new one, or type /pin web in Slack.',
  NOT_FOUND: 'This sign-in link has expired or was already used. Ask your site admin for a new one, or type /pin web in Slack.',
  UNAUTHENTICATED: 'This sign-in link has expired or was already used. Ask your site admin for a new one, or type /pin web in Slack.',
  RATE_LIMITED: 'Too many refused links from this address. Wait a minute, then open your link again.',
  FORBIDDEN: 'This page must be opened at the address in your sign-in link.',
};

/**
 * `/sign-in#code=…`: the code of a sign-in link travels in the fragment (never sent to a server in
 * a request line, a log or a Referer). It is read once, removed from the address bar at once, and
 * redeemed for the session cookie.
 */
export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
    if (!code) return;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setBusy(true);
    void signIn(code).then((failed) => {
      setBusy(false);
      if (failed) setFailure(failed);
      else {
        sessionEnded.set(false);
        navigate('/', { replace: true });
      }
    });
  }, [navigate]);

  return (
    <main id="main" className="page narrow">
      <h1>Sign in to PinGate</h1>
      {busy && <p aria-live="polite">Signing you in…</p>}
      {failure && (
        <p className="error" role="alert" data-code={failure.code}>
          {REFUSED[failure.code] ?? failure.message}
        </p>
      )}
      {!busy && !failure && (
        <p>
          {params.has('signed-out') ? 'You are signed out. ' : ''}
          PinGate has no passwords: open the sign-in link your site admin sent you, or type <code>/pin web</code> in
          Slack to get one.
        </p>
      )}
    </main>
  );
}
