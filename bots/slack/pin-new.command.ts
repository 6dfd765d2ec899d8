import type pino from 'pino';
import type { BotServices } from './bot.services';
import { dmSentText, revealOfferMessage } from './messages';
import { replyNotLinked } from './not-linked.reply';
import type { PinCommandArgs } from './pin-command.listener';
import { newRevealNonce, REVEAL_TTL_MS, revealKey } from './reveal.nonce';

/**
 * `/pin new`: issues nothing yet. It DMs the user a button holding a one-time nonce; the PIN is
 * issued when that button is clicked (reveal-action.listener.ts), so retries of this command
 * cost at most another DM.
 */
export async function pinNewCommand(services: BotServices, { command, client, respond }: PinCommandArgs, log: pino.Logger): Promise<void> {
  const user = await services.pingate.slackUser(command.user_id);
  if (!user) {
    log.info('unlinked Slack user asked for a PIN');
    await replyNotLinked(services, respond, command.user_id);
    return;
  }
  const nonce = newRevealNonce();
  await services.nonces.put(revealKey(command.user_id, nonce), user.id, REVEAL_TTL_MS);
  const dm = await client.conversations.open({ users: command.user_id });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await client.chat.postMessage({ channel, ...revealOfferMessage(nonce) });
  log.info({ userId: user.id }, 'reveal offer sent by DM');
  await respond({ response_type: 'ephemeral', text: dmSentText });
}
