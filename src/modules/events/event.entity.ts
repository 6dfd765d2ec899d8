import { Entity, OptionalProps, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

export enum PinEventType {
  PIN_ASSIGNED = 'PIN_ASSIGNED',
  PIN_REASSIGNED = 'PIN_REASSIGNED',
  PIN_BLOCKED = 'PIN_BLOCKED',
  PIN_UNBLOCKED = 'PIN_UNBLOCKED',
  ACCESS_GRANTED = 'ACCESS_GRANTED',
  ACCESS_DENIED = 'ACCESS_DENIED',
  LOCKOUT_STARTED = 'LOCKOUT_STARTED',
  PERMISSION_GRANTED = 'PERMISSION_GRANTED',
  PERMISSION_REVOKED = 'PERMISSION_REVOKED',
  POLICY_UPDATED = 'POLICY_UPDATED',
  USER_DELETED = 'USER_DELETED',
  /** An admin renamed a user or changed their email or role (`actorId`: the admin). */
  USER_UPDATED = 'USER_UPDATED',
  /** An admin, the CLI or the Slack service made a one-use sign-in link for a user (never its code). */
  SIGN_IN_LINK_CREATED = 'SIGN_IN_LINK_CREATED',
  /** A sign-in link was redeemed for a session (`refId`: the link). */
  SIGNED_IN = 'SIGNED_IN',
  /** The site's daily failure budget is spent: every failure locks its door at once. */
  SITE_HARDENED = 'SITE_HARDENED',
  /** An admin cleared the site's hardening (or its window freed budget). */
  SITE_HARDENING_CLEARED = 'SITE_HARDENING_CLEARED',
  /** An admin cleared a door's lockout. */
  LOCKOUT_CLEARED = 'LOCKOUT_CLEARED',
  /** A PIN stored under an older pepper was stored again under the current one, on a granted decision. */
  PIN_REKEYED = 'PIN_REKEYED',
  /** An admin renamed a door or turned its keypad PINs on or off (`actorId`: the admin). */
  LOCK_UPDATED = 'LOCK_UPDATED',
  /** An admin changed a permission's schedule or validity (`refId`: the permission). */
  PERMISSION_UPDATED = 'PERMISSION_UPDATED',
}

/**
 * One row of the event log. `seq` is gap-free per site and handed out in commit order
 * (DESIGN.md rule 11). It holds ids only: never digits, never digests.
 */
@Entity({ tableName: 'pin_event' })
@Unique({ properties: ['siteId', 'seq'] })
@Unique({ properties: ['siteId', 'offlineId'] })
@Index({ properties: ['siteId', 'lockId', 'seq'] })
@Index({ properties: ['at'] })
export class EventRecord {
  [OptionalProps]?: 'userId' | 'pinId' | 'lockId' | 'reason' | 'actorId' | 'refId' | 'offline' | 'offlineId';

  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 36 })
  siteId!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Enum({ items: () => PinEventType, type: 'string' })
  type!: PinEventType;

  @Property({ type: 'string', length: 36, nullable: true })
  userId: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  pinId: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  lockId: string | null = null;

  /** AccessReason of a decision. */
  @Property({ type: 'string', length: 32, nullable: true })
  reason: string | null = null;

  /** Who did it: a user id, or a token id for bridges, services and the CLI ('cli'); null for decisions. */
  @Property({ type: 'string', length: 36, nullable: true })
  actorId: string | null = null;

  /** The other object an event is about, by id (the sign-in link of SIGN_IN_LINK_CREATED and SIGNED_IN). */
  @Property({ type: 'string', length: 36, nullable: true })
  refId: string | null = null;

  @Property({ type: 'datetime' })
  at!: Date;

  /** A decision or lockout a bridge made while the API was unreachable, reported later (`at` is when it happened). */
  @Property({ type: 'boolean' })
  offline: boolean = false;

  /** The bridge's own id for an offline decision: unique per site, so a report is recorded once. */
  @Property({ type: 'string', length: 36, nullable: true })
  offlineId: string | null = null;
}
