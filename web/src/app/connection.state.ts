import { useSyncExternalStore } from 'react';

/** The live connection (graphql-ws) as the console shows it: never swallowed. */
export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting';

let state: ConnectionState = 'idle';
const listeners = new Set<() => void>();

export const connection = {
  get: (): ConnectionState => state,
  set(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.get, connection.get);
}
