import type { BotServices } from './bot.services';
import { blockCancelledText } from './messages';
import type { ButtonArgs } from './reveal-action.listener';
import { describeError } from './safe-error';

/** "Cancel" on the block question. */
export function blockCancelListener(services: BotServices) {
  return async ({ ack, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: true, text: blockCancelledText }).catch((e: unknown) =>
      services.logger.error({ error: describeError(e), slackUserId: body.user.id }, 'cancel reply failed'),
    );
  };
}
