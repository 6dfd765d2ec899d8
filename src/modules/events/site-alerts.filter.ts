import { PinEventType } from './event.entity';

/**
 * The events of `siteAlerts` (DESIGN.md rules 12 and 14): a door locked out, the site hardened or
 * cleared. No PIN change and no decision: the one subscription a SERVICE token may hold.
 */
export const ALERT_EVENT_TYPES: ReadonlySet<PinEventType> = new Set([
  PinEventType.LOCKOUT_STARTED,
  PinEventType.SITE_HARDENED,
  PinEventType.SITE_HARDENING_CLEARED,
]);
