import type { types } from '@slack/bolt';
import type { SlackMessage } from './messages';

type Block = types.KnownBlock;

const section = (markdown: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: markdown } });
const context = (markdown: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: markdown }] });

/** Names come from admins: keep them from breaking out of the bold text or pinging anyone. */
const plain = (name: string): string => name.replace(/[*_~`<>&]/g, ' ').trim() || 'unnamed';

const attempts = (n: number | null): string => (n === null ? 'Several wrong PINs were' : n === 1 ? 'One wrong PIN was' : `${n} wrong PINs were`);

/** The DM to an admin when a door locks out (LOCKOUT_STARTED). Ids, a name and a count: never a PIN. */
export function lockoutAlertMessage(lock: { id: string; name: string }, failedAttempts: number | null): SlackMessage {
  const name = plain(lock.name);
  return {
    text: `PinGate: the door "${name}" is locked out after wrong PINs.`,
    blocks: [
      section(`*Door locked out: ${name}*\n${attempts(failedAttempts)} typed at it in the last ten minutes, so its keypad refuses every PIN for a while.`),
      section(
        '*What to do:* check the door: someone may be guessing PINs, or a user may have forgotten theirs. ' +
          `Once it is safe, clear its lockout in the PinGate console (the lock's page) or with the API: \`clearLockout(lockId: "${lock.id}")\`.`,
      ),
      context('You hear about this door at most once an hour.'),
    ],
  };
}

/** The DM to an admin when the site hardens (SITE_HARDENED). */
export function hardenedAlertMessage(siteId: string, failedAttempts: number | null): SlackMessage {
  return {
    text: 'PinGate: your site is hardened after too many wrong PINs today.',
    blocks: [
      section(
        `*Site hardened*\n${attempts(failedAttempts)} typed at the site's doors in the last 24 hours: the daily budget is spent. ` +
          'From now on every wrong PIN locks its door at once, and more of them shut every keypad of the site.',
      ),
      section(
        '*What to do:* check the doors and the activity log for someone going from door to door. ' +
          `Once it is safe, clear the hardening in the PinGate console (Settings) or with the API: \`clearSiteHardening(siteId: "${siteId}")\`; ` +
          'otherwise it ends by itself 24 hours after it started.',
      ),
    ],
  };
}
