import type { PinEventType } from './event.entity';

/**
 * An event of the log as it travels between API nodes (DESIGN.md rule 11). It carries ids only:
 * never PIN digits, never digests.
 */
export interface PublishedEvent {
  /** The sequence number as a decimal string (the GraphQL `id`). */
  id: string;
  /** Gap-free per site, in commit order. */
  seq: number;
  siteId: string;
  type: PinEventType;
  userId: string | null;
  pinId: string | null;
  lockId: string | null;
  /** The AccessReason of a decision; null otherwise. */
  reason: string | null;
  /** Who did it (a user or token id); null for decisions. */
  actorId: string | null;
  /** The other object the event is about (a sign-in link); null otherwise. */
  refId: string | null;
  /** ISO 8601, UTC. */
  at: string;
  /** A decision a bridge made offline and reported later (absent from older nodes: false). */
  offline?: boolean;
}

export type EventHandler = (event: PublishedEvent) => void;

/**
 * Fan-out of committed events to every API node, per site.
 *
 * Delivery is at most once and in publish order per publishing node: a subscriber that needs every
 * event (a GraphQL subscription) drops `seq <= last sent` and, on a gap (`seq > last + 1`, e.g. after
 * a Redis outage), reads the missing ones from the event log.
 *
 * Failure modes: `publish` and `subscribe` reject (the Redis adapter with `StoreUnavailableError`)
 * when the broker cannot answer; the events stay in the log. A handler that throws is logged and
 * does not stop delivery to other handlers.
 */
export interface EventBus {
  /** Call after the transaction that appended `event` has committed. */
  publish(siteId: string, event: PublishedEvent): Promise<void>;
  /** The events of one committed transaction (or batch), in order, as one message where the broker allows. */
  publishMany(siteId: string, events: readonly PublishedEvent[]): Promise<void>;
  /** Resolves once the handler receives the site's events; resolves to an unsubscribe. */
  subscribe(siteId: string, handler: EventHandler): Promise<() => Promise<void>>;
}
