import type { Config } from './config';
import { createCore, type Core, type CoreOptions } from './core.factory';
import type { Logger } from './infra/logger';
import { SqlEventRetention } from './infra/orm/event-retention.sql';
import { SetupCode } from './modules/site/setup-code';
import { Site } from './modules/site/site.entity';
import { RetentionJob, type RetentionJobOptions } from './modules/events/event-retention.job';
import { systemClock } from './shared/clock';
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
  /** Deletes events past EVENT_RETENTION_DAYS and ended attempt records, in the background. */
  retention: RetentionJob;
  /**
   * Development on an empty database only: `<PUBLIC_URL>/setup#code=...`, the one-time link that
   * creates the first site. A secret: print it to the terminal, never log it. Null otherwise.
   */
  setupUrl: string | null;
  stop(): Promise<void>;
}

export interface AppOptions extends CoreOptions {
  ws?: WsServerOptions;
  /** Retention's schedule and batches (tests shorten them); the period comes from the config. */
  retention?: Partial<Omit<RetentionJobOptions, 'retentionDays'>>;
}

/** Composition root: config -> database, services -> schema -> HTTP + WebSocket, metrics. Used by main.ts and the tests. */
export async function startApp(config: Config, logger: Logger, options: AppOptions = {}): Promise<RunningApp> {
  const core = await createCore(config, logger, options);
  let metrics: MetricsServer | null = null;
  try {
    metrics = await startMetricsServer(core.metrics.registry, logger, config.metricsHost, config.metricsPort);
    const schema = await buildApiSchema();
    let setup: SetupCode | null = null;
    let setupUrl: string | null = null;
    if (config.env === 'development' && (await core.db.fork().count(Site, {})) === 0) {
      const issued = SetupCode.issue();
      setup = issued.holder;
      setupUrl = `${config.publicUrl}/setup#code=${issued.code}`;
    }
    const http = await startHttpServer(core, schema, config.host, config.port, setup);
    const ws = startWsServer(core, schema, http.server, options.ws);
    const exporter = metrics;
    const retention = new RetentionJob(
      { store: new SqlEventRetention(() => core.db.fork(), core.db.dialect), attempts: core.customPinAttempts, clock: options.clock ?? systemClock, logger },
      { ...options.retention, retentionDays: config.eventRetentionDays },
    );
    retention.start();
    let stopping: Promise<void> | null = null;
    return {
      core,
      http,
      ws,
      url: http.url,
      metrics: exporter,
      metricsUrl: exporter.url,
      retention,
      setupUrl,
      stop: () =>
        (stopping ??= (async () => {
          await retention.stop();
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
