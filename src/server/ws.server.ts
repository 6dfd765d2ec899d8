import type http from 'node:http';
import { CloseCode, MessageType, stringifyMessage, type ExecutionResult, type FormattedExecutionResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core.factory';
import type { ApiContext } from '../modules/api.context';
import { ErrorCode } from '../shared/errors';
import type { Principal } from '../shared/principal';
import { principalFor } from './auth';
import { formatError } from './errors';
import { wsCredential } from './session.cookie';
import { listFanOutRefusal } from './list-fanout.limit';
import { apiValidationRules, MAX_TOKENS } from './validation.rules';

export interface WsServerOptions {
  /**
   * Period of the heartbeat: a graphql-ws `ping` whose payload tells each subscription of the
   * socket where it stands (`{ heartbeat: { intervalMs, subscriptions: { [id]: { last, through,
   * head } } } }`, bots/bridge/README.md). Default 10 000 ms.
   */
  heartbeatMs?: number;
  /** WebSocket-level ping period; a socket that does not answer within it is terminated. Default 12 000 ms. */
  keepAliveMs?: number;
  /**
   * How often the node asks the database whether the tokens of its sockets were revoked (on any
   * node); a revocation on this node closes them at once. Default 500 ms.
   */
  revocationCheckMs?: number;
  /** Time a client has to send `connection_init`. Default 3000 ms. */
  connectionInitWaitTimeoutMs?: number;
}

export interface WsServer {
  /** Open, authenticated sockets. */
  connections(): number;
  /** Closes every socket (1001) and stops taking new ones. */
  stop(): Promise<void>;
}

interface Connection {
  principal: Principal;
  /** graphql-ws operation id -> the context its subscription runs with. */
  operations: Map<string, ApiContext>;
}

/** 64 kB: a subscribe message is a small document; anything bigger is refused by ws (1009). */
const MAX_PAYLOAD = 64 * 1024;

const refusal = (message: string, code: ErrorCode): GraphQLError => new GraphQLError(message, { extensions: { code } });

/** Admins and bridges follow events, a service its site's alerts: a plain user has nothing to subscribe to. */
const mayFollowEvents = (p: Principal): boolean => p.kind === 'BRIDGE' || p.kind === 'SERVICE' || (p.kind === 'USER' && p.role === 'ADMIN');

/**
 * graphql-ws on the HTTP server's /graphql: subscriptions only, the HTTP validation rules and error
 * mapping, a bearer token in `connectionParams.authorization` checked at `connection_init`
 * (4401 without a valid one, 4403 for a principal that may follow no events) and again at every
 * subscribe; a revoked token's sockets close with 4403 within `revocationCheckMs`.
 */
export function startWsServer(core: Core, schema: GraphQLSchema, httpServer: http.Server, options: WsServerOptions = {}): WsServer {
  const heartbeatMs = options.heartbeatMs ?? 10_000;
  const revocationCheckMs = options.revocationCheckMs ?? 500;
  const development = core.config.env === 'development';
  const rules = [...specifiedRules, ...apiValidationRules(development)];
  const { tokens, eventStreams } = core.services;
  const connections = new Map<WebSocket, Connection>();
  let stopped = false;

  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_PAYLOAD });

  const hideSuggestions = (message: string): string => (development ? message : message.replace(/ ?Did you mean .*\?$/, ''));
  const format = (e: GraphQLError) => {
    const formatted = formatError(e.toJSON(), e.path ? e : (e.originalError ?? e), development);
    return { ...formatted, message: hideSuggestions(formatted.message) };
  };

  const closeToken = (tokenId: string, reason: string): void => {
    for (const [socket, conn] of connections) {
      if (conn.principal.tokenId === tokenId) socket.close(CloseCode.Forbidden, reason);
    }
  };
  tokens.onRevoked((tokenId) => {
    if (!stopped) closeToken(tokenId, 'Forbidden: the token was revoked');
  });

  const server = useServer<Record<string, unknown>>(
    {
      schema,
      isProd: !development,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3000,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        const header = wsCredential(ctx.connectionParams, ctx.extra.request, core.config.publicUrl);
        if (header === null) {
          socket.close(CloseCode.Unauthorized, 'Unauthorized: connectionParams.authorization is missing');
          return false;
        }
        let principal: Principal | null;
        try {
          principal = await principalFor(tokens, core.db.fork(), header);
        } catch (err) {
          if (!(err instanceof GraphQLError) || err.extensions.code !== ErrorCode.UNAUTHENTICATED) throw err;
          principal = null;
        }
        if (!principal) {
          socket.close(CloseCode.Unauthorized, 'Unauthorized: the bearer token is invalid or revoked');
          return false;
        }
        if (!mayFollowEvents(principal)) {
          socket.close(CloseCode.Forbidden, 'Forbidden: only admins, bridges and services follow events');
          return false;
        }
        if (socket.readyState !== socket.OPEN) return false;
        connections.set(socket, { principal, operations: new Map() });
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket;
        const conn = connections.get(socket);
        if (!conn) return [refusal('Not connected', ErrorCode.UNAUTHENTICATED)];
        const [revoked] = await tokens.revokedAmong(core.db.fork(), [conn.principal.tokenId]);
        if (revoked) {
          socket.close(CloseCode.Forbidden, 'Forbidden: the token was revoked');
          return [refusal('The bearer token is invalid or revoked', ErrorCode.UNAUTHENTICATED)];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (err) {
          return [err instanceof GraphQLError ? err : refusal('The document does not parse', ErrorCode.BAD_USER_INPUT)];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [refusal('Name the operation to run', ErrorCode.BAD_USER_INPUT)];
        if (operation.operation !== 'subscription') {
          return [refusal('Only subscriptions are served over WebSocket: send queries and mutations over HTTP', ErrorCode.BAD_USER_INPUT)];
        }
        const tooLarge = listFanOutRefusal(schema, document, operation, payload.variables);
        if (tooLarge) return [tooLarge];
        const contextValue: ApiContext = { em: core.db.fork(), principal: conn.principal, services: core.services };
        conn.operations.set(id, contextValue);
        return {
          schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult): FormattedExecutionResult | void => {
        if (!result.errors?.length) return;
        return { ...result, errors: (result.errors as readonly GraphQLError[]).map(format) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
      onComplete: (ctx, id) => {
        connections.get(ctx.extra.socket)?.operations.delete(id);
      },
      onClose: (ctx) => {
        connections.delete(ctx.extra.socket);
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  // ws closes a socket on a protocol error itself (1009 for a message over maxPayload); the log
  // says so once, in our logger, instead of graphql-ws's console.error.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (err) => core.logger.debug({ err }, 'websocket closed on a protocol error'));
  });

  const heartbeat = setInterval(() => {
    for (const [socket, conn] of connections) {
      if (socket.readyState !== socket.OPEN) continue;
      const subscriptions: Record<string, { last: string | null; through: string; head: string }> = {};
      for (const [id, context] of conn.operations) {
        const p = eventStreams.progressOf(context);
        if (p) subscriptions[id] = { last: p.last === null ? null : String(p.last), through: String(p.through), head: String(p.head) };
      }
      socket.send(stringifyMessage({ type: MessageType.Ping, payload: { heartbeat: { intervalMs: heartbeatMs, subscriptions } } }));
    }
  }, heartbeatMs);
  heartbeat.unref();

  let checking = false;
  const revocations = setInterval(() => {
    if (checking || connections.size === 0) return;
    checking = true;
    const ids = [...new Set([...connections.values()].map((c) => c.principal.tokenId))];
    tokens
      .revokedAmong(core.db.fork(), ids)
      .then((revoked) => {
        for (const tokenId of revoked) {
          tokens.forget(tokenId);
          closeToken(tokenId, 'Forbidden: the token was revoked');
        }
      })
      .catch((err) => core.logger.warn({ err }, 'revocation check failed: sockets stay open until the next one'))
      .finally(() => (checking = false));
  }, revocationCheckMs);
  revocations.unref();

  return {
    connections: () => connections.size,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      clearInterval(revocations);
      const clients = [...wss.clients];
      const force = setTimeout(() => clients.forEach((c) => c.terminate()), 1000);
      try {
        await server.dispose();
      } finally {
        clearTimeout(force);
      }
    },
  };
}
