import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { firstDelivery, type BotServices } from './bot.services';
import { apologyText, helpMessage } from './messages';
import { pinBlockCommand } from './pin-block.command';
import { pinNewCommand } from './pin-new.command';
import { pinStatusCommand } from './pin-status.command';
import { pinWebCommand } from './pin-web.command';
import { describeError } from './safe-error';

export type PinCommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/pin [new|status|block|web|help]`: acks at once, then answers ephemerally through response_url. */
export function pinCommandListener(services: BotServices) {
  return async (args: PinCommandArgs): Promise<void> => {
    const { ack, command, respond } = args;
    const subcommand = command.text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    if (subcommand === '' || subcommand === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage() });
      return;
    }
    await ack();
    const log = services.logger.child({ command: `/pin ${subcommand}`, slackUserId: command.user_id });
    try {
      if (!(await firstDelivery(services, command.trigger_id))) {
        log.info('duplicate delivery ignored');
        return;
      }
      switch (subcommand) {
        case 'new':
          return await pinNewCommand(services, args, log);
        case 'status':
          return await pinStatusCommand(services, args);
        case 'block':
          return await pinBlockCommand(services, args);
        case 'web':
          return await pinWebCommand(services, args, log);
        default:
          await respond({ response_type: 'ephemeral', ...helpMessage(subcommand) });
      }
    } catch (err) {
      log.error({ error: describeError(err) }, 'command failed');
      await respond({ response_type: 'ephemeral', text: apologyText(err) }).catch((e: unknown) =>
        log.error({ error: describeError(e) }, 'apology could not be sent'),
      );
    }
  };
}
