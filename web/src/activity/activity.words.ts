import type { AccessReason, PinEventType } from '../gql/graphql';

/** Each event type in words, as the Activity page and its type filter show it. */
export const EVENT_WORDS: Record<PinEventType, string> = {
  ACCESS_GRANTED: 'Door opened',
  ACCESS_DENIED: 'Door refused',
  LOCKOUT_STARTED: 'Keypad locked out',
  LOCKOUT_CLEARED: 'Lockout cleared',
  SITE_HARDENED: 'Site hardened',
  SITE_HARDENING_CLEARED: 'Hardening cleared',
  PIN_ASSIGNED: 'PIN issued',
  PIN_REASSIGNED: 'PIN replaced',
  PIN_BLOCKED: 'PIN blocked',
  PIN_UNBLOCKED: 'PIN unblocked',
  PIN_REKEYED: 'PIN re-stored under the new pepper',
  PERMISSION_GRANTED: 'Access granted',
  PERMISSION_REVOKED: 'Access revoked',
  PERMISSION_UPDATED: 'Access hours changed',
  LOCK_UPDATED: 'Door changed',
  POLICY_UPDATED: 'PIN policy changed',
  USER_UPDATED: 'User changed',
  USER_DELETED: 'User deleted',
  SIGN_IN_LINK_CREATED: 'Sign-in link made',
  SIGNED_IN: 'Signed in',
};

export const REASON_WORDS: Record<AccessReason, string> = {
  GRANTED: 'Granted',
  INVALID_PIN: 'Wrong PIN',
  LOCKED_OUT: 'Keypad locked out',
  NO_PERMISSION: 'No access to this door',
  OUTSIDE_SCHEDULE: 'Outside their hours',
  PIN_BLOCKED: 'PIN blocked',
  PIN_NOT_SUPPORTED: 'Door takes no PINs',
  REPLICA_STALE: 'Bridge offline too long',
};

export const EVENT_TYPES = Object.keys(EVENT_WORDS) as PinEventType[];
