import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Core } from '../core.factory';
import type { ApiContext } from '../modules/api.context';
import { ErrorCode } from '../shared/errors';
import { authRoutes } from './auth.routes';
import { formatError } from './errors';
import { httpContext } from './http.context';
import { loggingPlugin } from './logging.plugin';
import { apiProtection } from './validation.rules';

/** A PIN must never reach a URL or an access log: lockAccess only over POST (DESIGN.md 3b). */
function refuseLockAccessOverGet(req: express.Request, res: express.Response, next: express.NextFunction): void {
  if (req.method === 'GET' && /lockAccess/.test(decodeURIComponent(req.originalUrl))) {
    res.status(405).set('allow', 'POST').json({
      errors: [{ message: 'lockAccess is only answered over POST', extensions: { code: ErrorCode.BAD_USER_INPUT } }],
    });
    return;
  }
  next();
}

export interface HttpServer {
  server: http.Server;
  port: number;
  url: string;
  /** Stops taking requests, finishes those in flight, then resolves. */
  stop(): Promise<void>;
}

/** Express + Apollo on one HTTP server: /graphql, /healthz, /readyz. */
export async function startHttpServer(core: Core, schema: GraphQLSchema, host: string, port: number): Promise<HttpServer> {
  const app = express();
  app.disable('x-powered-by');
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
  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      await core.db.ping();
      checks.database = 'ok';
    } catch {
      checks.database = 'down';
    }
    const redis = core.adapters.redisAnswers();
    if (redis) checks.redis = (await redis) ? 'ok' : 'down';
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(core.metrics.registry.contentType).send(await core.metrics.registry.metrics());
  });
  app.use('/auth', authRoutes(core));
  app.use(
    '/graphql',
    refuseLockAccessOverGet,
    express.json({ limit: '16kb' }),
    expressMiddleware(apollo, {
      context: ({ req }): Promise<ApiContext> => httpContext(core, req),
    }),
  );

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`,
    stop: () => apollo.stop(),
  };
}
