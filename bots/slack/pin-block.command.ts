import type { BotServices } from './bot.services';
import { blockConfirmMessage, nothingToBlockText } from './messages';
import { replyNotLinked } from './not-linked.reply';
import type { PinCommandArgs } from './pin-command.listener';

/** `/pin block`: asks for confirmation; block-confirm.listener.ts does the blocking. */
export async function pinBlockCommand(services: BotServices, { command, respond }: PinCommandArgs): Promise<void> {
  const user = await services.pingate.slackUser(command.user_id);
  if (!user) return replyNotLinked(services, respond, command.user_id);
  const active = user.pins.filter((p) => p.status === 'ACTIVE').length;
  if (active === 0) {
    await respond({ response_type: 'ephemeral', text: nothingToBlockText });
    return;
  }
  await respond({ response_type: 'ephemeral', ...blockConfirmMessage(active) });
}
