import type { Config } from './config';
import { createCore, type Core, type CoreOptions } from './core.factory';
import type { Logger } from './infra/logger';
import { buildApiSchema } from './server/schema';
import { startHttpServer, type HttpServer } from './server/http.server';
import { startMetricsServer, type MetricsServer } from './server/metrics.server';
import { startWsServer, type WsServer, type WsServerOptions } from './server/ws.server';

export interface RunningApp {
  core: Core;
  http: HttpServer;
  /** graphql-ws on the same server and path (/graphql). */
  ws: WsServer;
  url: string;
  /** Prometheus metrics, on their own listener (METRICS_HOST:METRICS_PORT). */
  metrics: MetricsServer;
  /** http://<METRICS_HOST>:<actual port>/metrics */
  metricsUrl: string;
  stop(): Promise<void>;
}

export interface AppOptions extends CoreOptions {
  ws?: WsServerOptions;
}

/** Composition root: config -> database, services -> schema -> HTTP + WebSocket, metrics. Used by main.ts and the tests. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const core = await createCore(config, logger, options);
  let metrics: MetricsServer | null = null;
  try {
    metrics = await startMetricsServer(core.metrics.registry, logger, config.metricsHost, config.metricsPort);
    const schema = await buildApiSchema();
    const http = await startHttpServer(core, schema, config.host, config.port);
    const ws = startWsServer(core, schema, http.server, options.ws);
    const exporter = metrics;
    let stopping: Promise<void> | null = null;
    return {
      core,
      http,
      ws,
      url: http.url,
      metrics: exporter,
      metricsUrl: exporter.url,
      stop: () =>
        (stopping ??= (async () => {
          await ws.stop();
          await http.stop();
          await exporter.stop();
          await core.close();
        })()),
    };
  } catch (err) {
    await metrics?.stop();
    await core.close();
    throw err;
  }
}
