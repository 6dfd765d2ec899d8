import type { types } from '@slack/bolt';
import { PinGateError } from './pingate.client';
import type { PinSummary, SiteAdmin } from './pingate.api';

type Block = types.KnownBlock;

export interface SlackMessage {
  /** Notification and fallback text; never holds PIN digits. */
  text: string;
  blocks?: Block[];
}

export const ACTION_REVEAL = 'pin_reveal';
export const ACTION_BLOCK_CONFIRM = 'pin_block_confirm';
export const ACTION_BLOCK_CANCEL = 'pin_block_cancel';
export const MODAL_CALLBACK = 'pin_reveal_modal';

const section = (markdown: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: markdown } });
const context = (markdown: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: markdown }] });

/** Slack renders this in the reader's timezone; the fallback is UTC. */
function slackDate(at: Date, format: string): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${at.toISOString().replace(/\.\d+Z$/, 'Z')}>`;
}

const KIND_LABEL: Record<PinSummary['kind'], string> = { AUTO: 'Generated PIN', CUSTOM: 'Custom PIN' };
const STATUS_LABEL: Record<PinSummary['status'], string> = { ACTIVE: 'active', BLOCKED: 'blocked', REPLACED: 'replaced' };

export function helpMessage(unknownSubcommand?: string): SlackMessage {
  const lines = [
    '*PinGate* hands you the PIN that opens your doors.',
    '• `/pin new`: a new PIN, sent to you by direct message and shown once',
    '• `/pin status`: your PINs, without their digits',
    '• `/pin block`: block your PINs at once (lost or seen by someone else)',
    '• `/pin web`: a sign-in link for the PinGate console, sent to you by direct message',
    '• `/pin help`: this message',
  ];
  const intro = unknownSubcommand ? `I don't know \`/pin ${unknownSubcommand.slice(0, 40)}\`.\n` : '';
  return { text: `${intro}Use /pin new, /pin status, /pin block or /pin web.`, blocks: [section(intro + lines.join('\n'))] };
}

/** The DM offering a reveal. Holds no digit at all: the nonce is letters only. */
export function revealOfferMessage(nonce: string): SlackMessage {
  return {
    text: 'Your new PinGate PIN is ready: open this message to reveal it.',
    blocks: [
      section(
        '*Your new PIN is ready.*\nPress the button to see it. It is shown once, in a window only you can see; ' +
          'the button works once, for ten minutes.',
      ),
      {
        type: 'actions',
        block_id: 'pin_reveal_actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION_REVEAL,
            style: 'primary',
            text: { type: 'plain_text', text: 'Reveal my new PIN' },
            value: nonce,
          },
        ],
      },
      context('Your current PIN keeps working until you reveal the new one.'),
    ],
  };
}

export function revealedMessage(at: Date, replacedPrevious: boolean): SlackMessage {
  const previous = replacedPrevious ? ' Your previous PIN no longer works.' : '';
  return {
    text: 'Your new PIN was revealed. It will not be shown again.',
    blocks: [
      section(`:white_check_mark: Your new PIN was revealed ${slackDate(at, '{date_short_pretty} at {time}')}.${previous}`),
      context('It will not be shown again. Lost it? Send `/pin new` for another one.'),
    ],
  };
}

/**
 * The modal could not be opened. When the new PIN replaced an active one, that one stopped working
 * when it was issued: the user must not go to a door counting on it.
 */
export function revealFailedMessage(replacedPrevious: boolean): SlackMessage {
  const previous = replacedPrevious ? ' Your previous PIN no longer works either.' : '';
  const text =
    `I couldn't show you your new PIN, so I blocked it right away: it opens no door.${previous} ` +
    'Send `/pin new` to get another one.';
  return { text, blocks: [section(`:warning: ${text}`)] };
}

export const revealUsedText =
  'This button was already used (or it expired after ten minutes), so no PIN was issued. Send `/pin new` for a new one.';

/**
 * The DM holding a sign-in link: the URL is a link in the message body, never in the notification
 * text, and no button (whose clicks Slack would send back to the bot, URL and all).
 */
export function signInLinkMessage(url: string, expiresAt: Date): SlackMessage {
  return {
    text: 'Your PinGate sign-in link is ready.',
    blocks: [
      section(`*<${url}|Sign in to PinGate>*\nThe link works once, until ${slackDate(expiresAt, '{time}')}. Do not forward it: it signs in as you.`),
      context("Didn't ask for it? Ignore this message; the link expires by itself."),
    ],
  };
}

export const signInLinkSentText = "I've sent you a sign-in link by direct message. It works once, for 15 minutes.";

export const dmSentText = "I've sent you a direct message: open it to reveal your new PIN.";

/** The modal: the one place the digits are ever shown. */
export function pinModal(code: string, replacedPrevious: boolean): types.View {
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    title: { type: 'plain_text', text: 'Your new PIN' },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: code } },
      section(
        '*This PIN will not be shown again.* Learn it now, then close this window. ' +
          'Nobody at PinGate can look it up for you.',
      ),
      context(
        replacedPrevious
          ? 'Your previous PIN stopped working just now.'
          : 'Type it on the keypad of any door you may open.',
      ),
    ],
  };
}

export function notLinkedMessage(slackUserId: string, admins: SiteAdmin[]): SlackMessage {
  const reachable = admins.filter((a) => a.slackUserId).map((a) => `<@${a.slackUserId}>`);
  const whom = reachable.length > 0 ? `your site admin (${reachable.slice(0, 3).join(', ')})` : 'your PinGate site admin';
  const text =
    `Your Slack account isn't linked to a PinGate user yet. Ask ${whom} to add your Slack user ID ` +
    `\`${slackUserId}\` to your PinGate user, then try again.`;
  return { text, blocks: [section(text)] };
}

export function statusMessage(pins: PinSummary[]): SlackMessage {
  const current = pins.filter((p) => p.status !== 'REPLACED');
  const replaced = pins.length - current.length;
  if (current.length === 0) {
    const text = 'You have no PIN yet. Send `/pin new` to get one.';
    return { text, blocks: [section(text)] };
  }
  const lines = current.map((p) => {
    const since = p.status === 'BLOCKED' && p.blockedAt ? p.blockedAt : p.createdAt;
    return `• *${KIND_LABEL[p.kind]}*: ${STATUS_LABEL[p.status]} since ${slackDate(new Date(since), '{date_short_pretty} at {time}')}`;
  });
  const blocks: Block[] = [section(`*Your PINs*\n${lines.join('\n')}`)];
  if (replaced > 0) blocks.push(context(`Earlier PINs that were replaced: ${replaced}. They no longer work.`));
  return { text: 'Your PINs', blocks };
}

export function blockConfirmMessage(activeCount: number): SlackMessage {
  const what = activeCount === 1 ? 'your active PIN' : `your ${activeCount} active PINs`;
  return {
    text: `Block ${what}?`,
    blocks: [
      section(`*Block ${what}?* It stops opening doors at once; only your site admin can unblock it.`),
      {
        type: 'actions',
        block_id: 'pin_block_actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION_BLOCK_CONFIRM,
            style: 'danger',
            text: { type: 'plain_text', text: 'Block my PINs' },
            value: 'block',
          },
          { type: 'button', action_id: ACTION_BLOCK_CANCEL, text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
        ],
      },
    ],
  };
}

export const nothingToBlockText = 'You have no active PIN to block.';
export const blockCancelledText = 'Nothing was blocked.';

export function blockedMessage(count: number): SlackMessage {
  const text =
    count === 1
      ? 'Your PIN is blocked: it no longer opens any door. Send `/pin new` for a new one.'
      : `Your ${count} PINs are blocked: they no longer open any door. Send \`/pin new\` for a new one.`;
  return { text, blocks: [section(`:no_entry: ${text}`)] };
}

export function revealUnavailableText(err: unknown): string {
  const why = err instanceof PinGateError && err.unavailable ? "PinGate can't be reached right now" : 'something went wrong on our side';
  return `Sorry, ${why}, so I couldn't give you a new PIN. Please send \`/pin new\` again in a few minutes.`;
}

/** A plain apology: nothing was issued or changed. */
export function apologyText(err: unknown): string {
  if (err instanceof PinGateError && err.unavailable) {
    return "Sorry, PinGate can't be reached right now, so nothing was issued or changed. Please try again in a few minutes.";
  }
  return 'Sorry, something went wrong on our side, so nothing was issued or changed. Please try again later or ask your site admin.';
}
