import type { RespondFn } from '@slack/bolt';
import type { BotServices } from './bot.services';
import { notLinkedMessage } from './messages';
import type { SiteAdmin } from './pingate.api';

/** Tells a Slack user with no PinGate user whom to ask; works (with a generic "site admin") when admins can't be read. */
export async function replyNotLinked(services: BotServices, respond: RespondFn, slackUserId: string): Promise<void> {
  const admins: SiteAdmin[] = await services.pingate.siteAdmins().catch(() => []);
  await respond({ response_type: 'ephemeral', replace_original: false, ...notLinkedMessage(slackUserId, admins) });
}
