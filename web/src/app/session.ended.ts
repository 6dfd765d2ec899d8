import { useSyncExternalStore } from 'react';
import { mapExchange, type Exchange } from '@urql/core';

/**
 * Whether the session ended while the console was open (expired, signed out elsewhere, revoked):
 * any operation answered UNAUTHENTICATED, or `me` turned null. The shell shows a banner saying so.
 */
let ended = false;
const listeners = new Set<() => void>();

export const sessionEnded = {
  get: (): boolean => ended,
  set(next: boolean): void {
    if (next === ended) return;
    ended = next;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useSessionEnded(): boolean {
  return useSyncExternalStore(sessionEnded.subscribe, sessionEnded.get, sessionEnded.get);
}

/** Marks the session ended when any query, mutation or subscription is refused as UNAUTHENTICATED. */
export const sessionEndedExchange: Exchange = mapExchange({
  onError(error) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) sessionEnded.set(true);
  },
});
