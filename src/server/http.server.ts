import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Core } from '../core.factory';
import type { ApiContext } from '../modules/api.context';
import { authRoutes } from './auth.routes';
import { formatError } from './errors';
import { httpContext } from './http.context';
import { loggingPlugin } from './logging.plugin';
import { notFoundHandler, transportErrorHandler } from './transport-errors.handler';
import { jsonPostsOnly, onlyGetAndPost, refuseLockAccessOverGet } from './transport.guards';
import { apiProtection } from './validation.rules';
import { securityHeaders, webConsoleRoutes } from './web-console.routes';
import { setupRoutes } from './setup.routes';
import type { SetupCode } from '../modules/site/setup-code';

export interface HttpServer {
  server: http.Server;
  port: number;
  url: string;
  /** Stops taking requests, finishes those in flight, then resolves. */
  stop(): Promise<void>;
}

/** Express + Apollo on one HTTP server: /graphql, /healthz, /readyz (metrics have a listener of their own). */
export async function startHttpServer(core: Core, schema: GraphQLSchema, host: string, port: number, setup: SetupCode | null = null): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  const server = http.createServer(app);
  const development = core.config.env === 'development';
  const protection = apiProtection(development);
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: development,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    csrfPrevention: true,
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    formatError: (formatted, error) => formatError(formatted, error, development),
    plugins: [...protection.plugins, loggingPlugin(core.logger), ApolloServerPluginDrainHttpServer({ httpServer: server })],
    logger: {
      debug: (m) => core.logger.debug(m),
      info: (m) => core.logger.info(m),
      warn: (m) => core.logger.warn(m),
      error: (m) => core.logger.error(m),
    },
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  /** Ready when the database (and Redis, when configured) answer; nothing more is said. */
  app.get('/readyz', async (_req, res) => {
    const database = core.db.ping().then(
      () => true,
      () => false,
    );
    const redis = core.adapters.redisAnswers() ?? true;
    const ready = (await database) && (await redis);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable' });
  });
  const transportErrors = transportErrorHandler(core.logger);
  app.use('/auth', setupRoutes(core, setup));
  app.use('/auth', authRoutes(core));
  app.all(
    '/graphql',
    onlyGetAndPost,
    refuseLockAccessOverGet,
    jsonPostsOnly,
    express.json({ limit: '16kb' }),
    expressMiddleware(apollo, {
      context: ({ req }): Promise<ApiContext> => httpContext(core, req),
    }),
    transportErrors,
  );
  const webConsole = webConsoleRoutes(core.config.webDist);
  if (webConsole) app.use(webConsole);
  app.use(notFoundHandler);
  app.use(transportErrors);

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`,
    stop: () => apollo.stop(),
  };
}
