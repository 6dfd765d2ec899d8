import { MemoryNonceStore } from '../../bots/slack/nonce.store';
import { createSlackBot } from '../../bots/slack/slack.app';
import { loadSlackBotConfig, SlackConfigError } from '../../bots/slack/slack.config';
import { boltLogger, createSlackLogger } from '../../bots/slack/slack.logger';
import { FakeSlack } from './fake-slack.server';

const valid = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  PINGATE_URL: 'http://localhost:4000/graphql',
  PINGATE_TOKEN: 'svc',
  PINGATE_SITE_ID: 'site-1',
};

describe('Slack bot configuration', () => {
  it('reports every problem at once', () => {
    let error: SlackConfigError | undefined;
    try {
      loadSlackBotConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'nope', BOT_PORT: '99999', PINGATE_URL: 'ftp://x', SLACK_BOT_ID: 'B1' });
    } catch (e) {
      error = e as SlackConfigError;
    }
    expect(error).toBeInstanceOf(SlackConfigError);
    const fields = error!.problems.map((p) => p.split(':')[0]);
    expect(fields.sort()).toEqual(
      [
        'BOT_PORT',
        'PINGATE_SITE_ID',
        'PINGATE_TOKEN',
        'PINGATE_URL',
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_BOT_USER_ID',
        'SLACK_SIGNING_SECRET',
      ].sort(),
    );
    expect(error!.problems).toContain('PINGATE_TOKEN: is required');
  });

  it('defaults to the HTTP receiver on port 3000, memory state and a five-second API time-out', () => {
    const config = loadSlackBotConfig({ ...valid, REDIS_URL: '' });
    expect(config).toMatchObject({
      port: 3000,
      redisUrl: null,
      logLevel: 'info',
      slack: { appToken: null, apiUrl: null, botId: null, botUserId: null },
      pingate: { url: valid.PINGATE_URL, token: 'svc', siteId: 'site-1', timeoutMs: 5000 },
    });
  });

  it('takes Socket Mode, another Slack API base, the bot ids and Redis when given', () => {
    const config = loadSlackBotConfig({
      ...valid,
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'https://slack-proxy.example.com/api',
      SLACK_BOT_ID: 'B1',
      SLACK_BOT_USER_ID: 'U1',
      REDIS_URL: 'redis://localhost:6379',
      BOT_PORT: '8080',
    });
    expect(config.slack).toMatchObject({ appToken: 'xapp-1', apiUrl: 'https://slack-proxy.example.com/api/', botId: 'B1', botUserId: 'U1' });
    expect(config).toMatchObject({ port: 8080, redisUrl: 'redis://localhost:6379' });
  });

  it('builds a Socket Mode app without connecting before start', async () => {
    const config = loadSlackBotConfig({ ...valid, SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_ID: 'B1', SLACK_BOT_USER_ID: 'U1' });
    const nonces = new MemoryNonceStore();
    const bot = createSlackBot(config, { logger: createSlackLogger('silent'), nonces });
    expect(bot.app).toBeDefined();
    await nonces.close();
  });
});

describe('Bolt logger adapter', () => {
  it('drops debug output and reduces errors to name, message and code', () => {
    const lines: string[] = [];
    const logger = boltLogger(createSlackLogger('trace', { write: (l: string) => void lines.push(l) }));
    logger.debug('http request body: {"view":{"blocks":[{"text":"123456"}]}}');
    const err = Object.assign(new Error('An API error occurred: expired_trigger_id'), {
      data: { error: 'expired_trigger_id' },
      original: { config: { data: 'view=123456' } },
    });
    logger.error('views.open failed', err);
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 50, module: 'bolt', msg: 'views.open failed', error: { errorCode: 'expired_trigger_id' } });
    expect(lines[0]).not.toContain('123456');
  });
});

describe('Slack bot start', () => {
  const slack = new FakeSlack();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());
  beforeEach(() => slack.reset());

  const start = async (env: Record<string, string>) => {
    const config = loadSlackBotConfig({ ...valid, SLACK_API_URL: slack.apiUrl, BOT_PORT: '0', ...env });
    const bot = createSlackBot(config, { logger: createSlackLogger('silent'), nonces: new MemoryNonceStore() });
    const { port } = await bot.start();
    await bot.stop();
    return port;
  };

  it('never calls auth.test when the bot ids are configured', async () => {
    expect(await start({ SLACK_BOT_ID: 'B1', SLACK_BOT_USER_ID: 'U1' })).toBeGreaterThan(0);
    expect(slack.callsTo('auth.test')).toHaveLength(0);
  });

  it('checks the token with auth.test once at start otherwise', async () => {
    expect(await start({})).toBeGreaterThan(0);
    expect(slack.callsTo('auth.test')).toHaveLength(1);
  });
});
