import { Entity, OptionalProps, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';

export enum PinKind {
  AUTO = 'AUTO',
  CUSTOM = 'CUSTOM',
}

export enum PinStatus {
  ACTIVE = 'ACTIVE',
  BLOCKED = 'BLOCKED',
  REPLACED = 'REPLACED',
}

/**
 * A PIN as stored: never its digits, only the keyed digest (DESIGN.md rule 2).
 * Partial unique indexes (in the migrations) hold rules 3 and 5:
 * (site, digest) among ACTIVE and BLOCKED, and (user, kind) among ACTIVE.
 */
@Entity({ tableName: 'pin' })
@Index({ properties: ['site', 'digest'] })
@Index({ properties: ['user', 'kind'] })
export class Pin {
  [OptionalProps]?: 'id' | 'status' | 'createdAt' | 'createdBy' | 'blockedAt' | 'blockedBy' | 'retiredAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne(() => Site)
  site!: Site;

  @ManyToOne(() => User)
  user!: User;

  @Enum({ items: () => PinKind, type: 'string' })
  kind!: PinKind;

  @Enum({ items: () => PinStatus, type: 'string' })
  status: PinStatus = PinStatus.ACTIVE;

  @Property({ type: 'string', length: 64 })
  digest!: string;

  @Property({ type: 'integer' })
  keyVersion!: number;

  @Property({ type: 'integer' })
  length!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Principal that created it: a user id or a token id. */
  @Property({ type: 'string', length: 36, nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  blockedAt: Date | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  blockedBy: string | null = null;

  /** When it became REPLACED; its digest stays quarantined from other users from then on. */
  @Property({ type: 'datetime', nullable: true })
  retiredAt: Date | null = null;
}
