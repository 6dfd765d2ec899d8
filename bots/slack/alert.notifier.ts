import type { App } from '@slack/bolt';
import type { SiteAlert } from './alert.follower';
import { hardenedAlertMessage, lockoutAlertMessage } from './alert.messages';
import type { BotServices } from './bot.services';
import type { SlackMessage } from './messages';
import { describeError } from './safe-error';

/** A door's lockout is told at most this often (per door, across bot processes sharing Redis). */
export const LOCKOUT_ALERT_EVERY_MS = 60 * 60 * 1000;
/** A hardening is told once, even by several bot processes or after a replay. */
const HARDENED_ALERT_TTL_MS = 48 * 60 * 60 * 1000;

export const lockoutAlertKey = (lockId: string): string => `alert:lockout:${lockId}`;
const hardenedAlertKey = (eventId: string): string => `alert:hardened:${eventId}`;

/**
 * Turns the site's alerts into DMs to its Slack-linked admins: each SITE_HARDENED, and a door's
 * LOCKOUT_STARTED at most once an hour. Never throws: a failed DM is logged (described, never as
 * the error itself) and the next admin is still told.
 */
export class AlertNotifier {
  constructor(
    private readonly services: BotServices,
    private readonly slack: App['client'],
  ) {}

  async handle(alert: SiteAlert): Promise<void> {
    const log = this.services.logger.child({ alert: alert.type, eventId: alert.id });
    try {
      switch (alert.type) {
        case 'LOCKOUT_STARTED': {
          if (!alert.lock) return;
          if (!(await this.services.nonces.put(lockoutAlertKey(alert.lock.id), alert.id, LOCKOUT_ALERT_EVERY_MS))) {
            log.info({ lockId: alert.lock.id }, 'lockout not told: this door was told within the hour');
            return;
          }
          await this.tellAdmins(lockoutAlertMessage(alert.lock, alert.failedAttempts ?? null), log);
          return;
        }
        case 'SITE_HARDENED':
          if (!(await this.services.nonces.put(hardenedAlertKey(alert.id), '1', HARDENED_ALERT_TTL_MS))) return;
          await this.tellAdmins(hardenedAlertMessage(this.services.pingate.siteId, alert.failedAttempts ?? null), log);
          return;
        default:
          log.info('alert needs no DM');
      }
    } catch (err) {
      log.error({ error: describeError(err) }, 'alert not delivered');
    }
  }

  private async tellAdmins(message: SlackMessage, log: BotServices['logger']): Promise<void> {
    const admins = (await this.services.pingate.siteAdmins()).filter((a): a is { name: string; slackUserId: string } => a.slackUserId !== null);
    for (const admin of admins) {
      try {
        const dm = await this.slack.conversations.open({ users: admin.slackUserId });
        const channel = dm.channel?.id;
        if (!channel) throw new Error('conversations.open returned no channel');
        await this.slack.chat.postMessage({ channel, ...message });
      } catch (err) {
        log.error({ slackUserId: admin.slackUserId, error: describeError(err) }, 'alert DM failed');
      }
    }
    log.info({ admins: admins.length }, 'alert sent by DM');
  }
}
