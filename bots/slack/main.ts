import { createSlackBot } from './slack.app';
import { loadSlackBotConfig, SlackConfigError } from './slack.config';
import { createSlackLogger } from './slack.logger';
import { MemoryNonceStore, RedisNonceStore, type NonceStore } from './nonce.store';
import { describeError } from './safe-error';

async function main(): Promise<void> {
  let config;
  try {
    config = loadSlackBotConfig();
  } catch (err) {
    if (err instanceof SlackConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createSlackLogger(config.logLevel);
  const nonces: NonceStore = config.redisUrl
    ? await RedisNonceStore.connect(config.redisUrl, {
        onError: (err) => logger.error({ error: describeError(err) }, 'redis error'),
      })
    : new MemoryNonceStore();
  const bot = createSlackBot(config, { logger, nonces });
  const { port } = await bot.start();
  logger.info(
    { mode: port === null ? 'socket' : 'http', port, nonceStore: config.redisUrl ? 'redis' : 'memory' },
    'PinGate Slack bot started',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await bot.stop();
      await nonces.close();
      process.exit(0);
    } catch (err) {
      logger.error({ error: describeError(err) }, 'unclean stop');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`PinGate Slack bot failed to start: ${describeError(err).message}\n`);
  process.exit(1);
});
