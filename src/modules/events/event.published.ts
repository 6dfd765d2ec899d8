import type { PublishedEvent } from './event-bus.port';
import type { EventRecord } from './event.entity';

/** The wire form of a committed event: ids only, never digits or digests. */
export const toPublishedEvent = (e: EventRecord): PublishedEvent => ({
  id: String(e.seq),
  seq: e.seq,
  siteId: e.siteId,
  type: e.type,
  userId: e.userId,
  pinId: e.pinId,
  lockId: e.lockId,
  reason: e.reason,
  actorId: e.actorId,
  refId: e.refId,
  at: e.at.toISOString(),
  ...(e.offline ? { offline: true } : {}),
});
