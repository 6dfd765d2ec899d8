import { firstDelivery, type BotServices } from './bot.services';
import { apologyText, blockedMessage, nothingToBlockText } from './messages';
import { replyNotLinked } from './not-linked.reply';
import type { ButtonArgs } from './reveal-action.listener';
import { describeError } from './safe-error';

/** "Block my PINs" confirmed: blocks every ACTIVE PIN of the clicking user, then replaces the question. */
export function blockConfirmListener(services: BotServices) {
  return async ({ ack, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const slackUserId = body.user.id;
    const log = services.logger.child({ action: 'pin_block_confirm', slackUserId });
    try {
      if (!(await firstDelivery(services, body.trigger_id))) return;
      const user = await services.pingate.slackUser(slackUserId);
      if (!user) return await replyNotLinked(services, respond, slackUserId);
      const active = user.pins.filter((p) => p.status === 'ACTIVE');
      if (active.length === 0) {
        await respond({ response_type: 'ephemeral', replace_original: true, text: nothingToBlockText });
        return;
      }
      for (const pin of active) await services.pingate.blockPin(pin.id);
      log.info({ userId: user.id, pinIds: active.map((p) => p.id) }, 'PINs blocked by their user');
      await respond({ response_type: 'ephemeral', replace_original: true, ...blockedMessage(active.length) });
    } catch (err) {
      log.error({ error: describeError(err) }, 'blocking failed');
      await respond({ response_type: 'ephemeral', replace_original: false, text: apologyText(err) }).catch(
        (e: unknown) => log.error({ error: describeError(e) }, 'apology could not be sent'),
      );
    }
  };
}
