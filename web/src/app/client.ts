import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { connection } from './connection.state';
import { sessionEnded, sessionEndedExchange } from './session.ended';

/**
 * The console's one GraphQL client: queries and mutations over POST /graphql (same origin, so the
 * HttpOnly session cookie goes with them and Apollo's CSRF prevention is satisfied by the JSON
 * content type), subscriptions over graphql-ws on the same origin (the server checks its Origin).
 *
 * Nothing secret is cached: mutations that return digits or secrets (assignPin, reassignPin,
 * createBridgeToken, createServiceToken) are sent with `requestPolicy: 'network-only'` and their
 * results are never written to the document cache (urql's cacheExchange keeps query results only).
 */
export function createConsoleClient(origin: string = window.location.origin): { client: Client; ws: WsClient } {
  const wsUrl = `${origin.replace(/^http/, 'ws')}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      // Jitter from the browser's CSPRNG, like every random number in the project.
      const [r] = crypto.getRandomValues(new Uint32Array(1));
      const ms = Math.min(1000 * 2 ** retries, 15_000) * (0.5 + r / 2 ** 33);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    on: {
      connecting: () => connection.set('connecting'),
      connected: () => connection.set('live'),
      closed: (event) => {
        // 4401: the server no longer knows the session.
        if ((event as { code?: number } | undefined)?.code === 4401) sessionEnded.set(true);
        connection.set('reconnecting');
      },
      error: () => connection.set('reconnecting'),
    },
  });
  const client = new Client({
    url: `${origin}/graphql`,
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
    exchanges: [
      sessionEndedExchange,
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const dispose = ws.subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
  });
  return { client, ws };
}
