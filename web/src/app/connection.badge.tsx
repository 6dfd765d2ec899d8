import { useConnectionState } from './connection.state';

const LABEL = { idle: 'Offline view', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** The state of the live connection, always visible (a lost connection is shown, not swallowed). */
export function ConnectionBadge() {
  const state = useConnectionState();
  if (state === 'idle') return null;
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite" data-state={state}>
      {LABEL[state]}
    </span>
  );
}
