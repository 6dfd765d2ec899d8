import type { BotServices } from './bot.services';
import { statusMessage } from './messages';
import { replyNotLinked } from './not-linked.reply';
import type { PinCommandArgs } from './pin-command.listener';

/** `/pin status`: the user's PINs (kind, status, since when), never digits. */
export async function pinStatusCommand(services: BotServices, { command, respond }: PinCommandArgs): Promise<void> {
  const user = await services.pingate.slackUser(command.user_id);
  if (!user) return replyNotLinked(services, respond, command.user_id);
  await respond({ response_type: 'ephemeral', ...statusMessage(user.pins) });
}
