import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type pino from 'pino';
import { firstDelivery, type BotServices } from './bot.services';
import { pinModal, revealedMessage, revealFailedMessage, revealUnavailableText, revealUsedText, type SlackMessage } from './messages';
import type { IssuedPin, SlackLinkedUser } from './pingate.api';
import { PinGateError } from './pingate.client';
import { replyNotLinked } from './not-linked.reply';
import { revealKey } from './reveal.nonce';
import { describeError } from './safe-error';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * The "Reveal my new PIN" click. The nonce is consumed (atomically) before anything is issued,
 * so duplicate and concurrent clicks issue at most one PIN; the digits go into a modal only.
 */
export function revealActionListener(services: BotServices) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, client, respond } = args;
    await ack();
    const slackUserId = body.user.id;
    const log = services.logger.child({ action: 'pin_reveal', slackUserId });
    const ephemeral = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).catch((e: unknown) =>
        log.error({ error: describeError(e) }, 'ephemeral reply failed'),
      );
    const updateDm = async (message: SlackMessage): Promise<boolean> => {
      const channel = body.channel?.id ?? body.container.channel_id;
      const ts = body.message?.ts ?? body.container.message_ts;
      if (!channel || !ts) return false;
      try {
        await client.chat.update({ channel, ts, ...message });
        return true;
      } catch (e) {
        log.error({ error: describeError(e) }, 'DM update failed');
        return false;
      }
    };

    let user: SlackLinkedUser | null = null;
    let issued: IssuedPin;
    try {
      if (!(await firstDelivery(services, body.trigger_id))) {
        log.info('duplicate delivery ignored');
        return;
      }
      if ((await services.nonces.take(revealKey(slackUserId, action.value ?? ''))) === null) {
        log.info('reveal button already used or expired');
        await ephemeral(revealUsedText);
        return;
      }
      user = await services.pingate.slackUser(slackUserId);
      if (!user) {
        await replyNotLinked(services, respond, slackUserId);
        return;
      }
      issued = await services.pingate.issueAutoPin(user);
    } catch (err) {
      log.error({ error: describeError(err) }, 'no PIN issued');
      if (user && err instanceof PinGateError && err.unavailable) await blockOrphan(services, slackUserId, user, log);
      await ephemeral(revealUnavailableText(err));
      return;
    }

    const { pinId, replacedPrevious } = issued;
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: pinModal(issued.code, replacedPrevious) });
    } catch (err) {
      log.warn({ error: describeError(err), pinId }, 'modal could not be opened; blocking the PIN just issued');
      await services.pingate
        .blockPin(pinId)
        .catch((e: unknown) => log.error({ error: describeError(e), pinId }, 'could not block an unseen PIN'));
      const failed = revealFailedMessage(replacedPrevious);
      if (!(await updateDm(failed))) await ephemeral(failed.text);
      return;
    }
    log.info({ userId: user.id, pinId }, 'PIN revealed');
    await updateDm(revealedMessage(services.clock(), replacedPrevious));
  };
}

/**
 * When an issue call timed out or lost its answer, the API may still have issued a PIN nobody saw: its user's
 * ACTIVE AUTO PIN then differs from the one before. Block it, so that no PIN stays live whose
 * digits its user never got. Best effort: when the API is down there is nothing to find.
 */
async function blockOrphan(services: BotServices, slackUserId: string, before: SlackLinkedUser, log: pino.Logger): Promise<void> {
  const activeAuto = (u: SlackLinkedUser) => u.pins.find((p) => p.kind === 'AUTO' && p.status === 'ACTIVE')?.id;
  try {
    const now = await services.pingate.slackUser(slackUserId);
    const orphan = now ? activeAuto(now) : undefined;
    if (orphan && orphan !== activeAuto(before)) {
      await services.pingate.blockPin(orphan);
      log.warn({ pinId: orphan }, 'blocked a PIN issued by a failed reveal');
    }
  } catch (err) {
    log.warn({ error: describeError(err) }, 'could not check for a PIN issued by a failed reveal');
  }
}
