import type { Config } from './config';
import { createCore, type Core, type CoreOptions } from './core.factory';
import type { Logger } from './infra/logger';
import { buildApiSchema } from './server/schema';
import { startHttpServer, type HttpServer } from './server/http.server';

export interface RunningApp {
  core: Core;
  http: HttpServer;
  url: string;
  stop(): Promise<void>;
}

/** Composition root: config -> database, services -> schema -> HTTP. Used by main.ts and the tests. */
export async function startApp(config: Config, logger: Logger, options: CoreOptions = {}): Promise<RunningApp> {
  const core = await createCore(config, logger, options);
  try {
    const schema = await buildApiSchema();
    const http = await startHttpServer(core, schema, config.host, config.port);
    let stopping: Promise<void> | null = null;
    return {
      core,
      http,
      url: http.url,
      stop: () =>
        (stopping ??= (async () => {
          await http.stop();
          await core.close();
        })()),
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
