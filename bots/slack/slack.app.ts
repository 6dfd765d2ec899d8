import type { AddressInfo } from 'node:net';
import { App, type AppOptions, type BlockAction, type ButtonAction } from '@slack/bolt';
import type pino from 'pino';
import { AlertFollower, MemoryAlertCursor } from './alert.follower';
import { AlertNotifier } from './alert.notifier';
import { blockCancelListener } from './block-cancel.listener';
import { blockConfirmListener } from './block-confirm.listener';
import type { BotServices } from './bot.services';
import { ACTION_BLOCK_CANCEL, ACTION_BLOCK_CONFIRM, ACTION_REVEAL } from './messages';
import type { NonceStore } from './nonce.store';
import { pinCommandListener } from './pin-command.listener';
import { PinGateApi } from './pingate.api';
import { PinGateClient } from './pingate.client';
import { revealActionListener } from './reveal-action.listener';
import { describeError } from './safe-error';
import type { SlackBotConfig } from './slack.config';
import { boltLogger } from './slack.logger';

export interface SlackBotDeps {
  logger: pino.Logger;
  /** One-time state; the caller owns it (and closes it after `stop()`). */
  nonces: NonceStore;
  /** Defaults to a PinGateClient on `config.pingate`. */
  pingate?: PinGateApi;
  clock?: () => Date;
  /**
   * Follow the site's alerts (siteAlerts over graphql-ws on `config.pingate.url`) and DM its
   * Slack-linked admins. Default true.
   */
  alerts?: boolean;
}

export interface SlackBot {
  app: App;
  /** Starts receiving: Socket Mode (port null) or HTTP on `config.port` (0: a free port, returned). */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

/** Builds the Bolt app and its listeners; nothing is received before `start()`. */
export function createSlackBot(config: SlackBotConfig, deps: SlackBotDeps): SlackBot {
  const services: BotServices = {
    logger: deps.logger,
    nonces: deps.nonces,
    pingate:
      deps.pingate ??
      new PinGateApi(
        new PinGateClient({ url: config.pingate.url, token: config.pingate.token, timeoutMs: config.pingate.timeoutMs }),
        config.pingate.siteId,
      ),
    clock: deps.clock ?? (() => new Date()),
  };
  const { slack } = config;
  const knownBot = slack.botId !== null && slack.botUserId !== null;
  const options: AppOptions = {
    token: slack.botToken,
    signingSecret: slack.signingSecret,
    logger: boltLogger(deps.logger),
    // A trigger_id lives three seconds: a Web API call is not worth retrying for long.
    clientOptions: {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      timeout: 5000,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    },
    // Known ids: never call auth.test. Otherwise start() calls it once, and a bad token fails start().
    ...(knownBot
      ? { tokenVerificationEnabled: false, botId: slack.botId!, botUserId: slack.botUserId! }
      : { deferInitialization: true }),
    ...(slack.appToken
      ? { socketMode: true, appToken: slack.appToken }
      : { endpoints: '/slack/events', port: config.port }),
  };
  const app = new App(options);

  app.command('/pin', pinCommandListener(services));
  app.action<BlockAction<ButtonAction>>(ACTION_REVEAL, revealActionListener(services));
  app.action<BlockAction<ButtonAction>>(ACTION_BLOCK_CONFIRM, blockConfirmListener(services));
  app.action<BlockAction<ButtonAction>>(ACTION_BLOCK_CANCEL, blockCancelListener(services));
  app.error(async (error) => {
    deps.logger.error({ error: describeError(error) }, 'unhandled error in a Slack listener');
  });

  const notifier = new AlertNotifier(services, app.client);
  const follower =
    deps.alerts === false
      ? null
      : new AlertFollower({
          urls: [config.pingate.url],
          token: config.pingate.token,
          siteId: config.pingate.siteId,
          cursor: new MemoryAlertCursor(),
          onEvent: (alert) => notifier.handle(alert),
          onStatus: (line) => deps.logger.info({ alerts: line }, 'alert follower'),
          onFatal: (reason) => deps.logger.error({ alerts: reason }, 'alert follower gave up'),
        });

  return {
    app,
    async start() {
      if (!knownBot) await app.init();
      if (follower) void follower.start();
      if (slack.appToken) {
        await app.start();
        return { port: null };
      }
      const server = await app.start(config.port);
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await follower?.stop();
      await app.stop();
    },
  };
}
