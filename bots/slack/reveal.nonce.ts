import { randomInt } from 'node:crypto';

/** Letters only: the DM that carries the nonce then holds no digit at all. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LENGTH = 32; // 32 * log2(52) = 182 bits

export const REVEAL_TTL_MS = 10 * 60 * 1000;
/** Long enough to outlast Slack's retries of one delivery. */
export const DELIVERY_TTL_MS = 15 * 60 * 1000;

export function newRevealNonce(): string {
  let nonce = '';
  for (let i = 0; i < LENGTH; i += 1) nonce += ALPHABET[randomInt(ALPHABET.length)];
  return nonce;
}

/** Bound to the Slack user: another user holding the button's value finds nothing. */
export function revealKey(slackUserId: string, nonce: string): string {
  return `reveal:${slackUserId}:${nonce}`;
}

/** One Slack interaction (its trigger_id), however many times it is delivered. */
export function deliveryKey(triggerId: string): string {
  return `delivery:${triggerId}`;
}
