import type pino from 'pino';
import type { BotServices } from './bot.services';
import { signInLinkMessage, signInLinkSentText } from './messages';
import { replyNotLinked } from './not-linked.reply';
import type { PinCommandArgs } from './pin-command.listener';

/**
 * `/pin web`: a one-use sign-in link for the PinGate console, made with the bot's SERVICE token for
 * the linked user and sent by DM only (the person never sees a token). The link is never logged.
 */
export async function pinWebCommand(services: BotServices, { command, client, respond }: PinCommandArgs, log: pino.Logger): Promise<void> {
  const user = await services.pingate.slackUser(command.user_id);
  if (!user) {
    log.info('unlinked Slack user asked for a sign-in link');
    await replyNotLinked(services, respond, command.user_id);
    return;
  }
  const link = await services.pingate.signInLink(user);
  const dm = await client.conversations.open({ users: command.user_id });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.chat.postMessage({ channel, unfurl_links: false, unfurl_media: false, ...signInLinkMessage(link.url, link.expiresAt) });
  log.info({ userId: user.id }, 'sign-in link sent by DM');
  await respond({ response_type: 'ephemeral', text: signInLinkSentText });
}
