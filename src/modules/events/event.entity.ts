import { Entity, OptionalProps, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';

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
}

/**
 * One row of the event log. `seq` is gap-free per site and handed out in commit order
 * (DESIGN.md rule 11). It holds ids only: never digits, never digests.
 */
@Entity({ tableName: 'pin_event' })
@Unique({ properties: ['siteId', 'seq'] })
export class EventRecord {
  [OptionalProps]?: 'userId' | 'pinId' | 'lockId' | 'reason';

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

  @Property({ type: 'datetime' })
  at!: Date;
}
