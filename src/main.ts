import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './infra/logger';
import { databaseErrorSummary, describeDatabaseError } from './infra/orm/database-error';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const app = await startApp(config, logger);
  logger.info(
    { url: app.url, metrics: app.metricsUrl, database: config.databaseUrl ? 'postgresql' : `sqlite:${config.sqlitePath}`, redis: config.redisUrl ? 'redis' : 'in-memory' },
    'PinGate is listening',
  );
  if (app.setupUrl) {
    // A one-time secret: on the terminal only, never through the logger.
    process.stdout.write(`\nNo site yet. Open this link within an hour to create the first site and its admin (it works once):\n  ${app.setupUrl}\n\n`);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    app.stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  const database = databaseErrorSummary(err);
  const reason = database ? describeDatabaseError(database) : err instanceof Error ? err.message : 'an unexpected value was thrown';
  process.stderr.write(`PinGate failed to start: ${reason}\n`);
  process.exit(1);
});
