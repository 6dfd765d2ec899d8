import { Entity, OptionalProps, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';

export enum PrincipalKind {
  USER = 'USER',
  BRIDGE = 'BRIDGE',
  SERVICE = 'SERVICE',
}

/** An API token, stored as the SHA-256 of its value. */
@Entity({ tableName: 'access_token' })
export class AccessToken {
  [OptionalProps]?: 'id' | 'user' | 'name' | 'lockIds' | 'createdBy' | 'createdAt' | 'revokedAt' | 'expiresAt' | 'lastUsedAt' | 'signInLinkId' | 'bridgeKeyVersion' | 'bridgeKeyIssuedAt' | 'lastSyncedAt' | 'replicaCursor' | 'replicaSize';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Enum({ items: () => PrincipalKind, type: 'string' })
  kind!: PrincipalKind;

  @ManyToOne(() => Site)
  @Index()
  site!: Site;

  /** The user a USER token acts as. */
  @ManyToOne(() => User, { nullable: true })
  user: User | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  name: string | null = null;

  /** BRIDGE scope: lock ids as a comma list; null means every lock of the site. */
  @Property({ type: 'text', nullable: true })
  lockIds: string | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  /** Refused from then on; always set on sessions, optional on BRIDGE and SERVICE tokens. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;

  /** To the minute, written in batches (TokenUsageTracker), never once per request. */
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  /** Set on a session: the sign-in link it was redeemed from. A USER token without it is a lasting one (the CLI's). */
  @Property({ type: 'string', length: 36, nullable: true })
  signInLinkId: string | null = null;

  /** BRIDGE: the pepper version its bridge key is derived from, set when the key is first derived. */
  @Property({ type: 'integer', nullable: true })
  bridgeKeyVersion: number | null = null;

  /** BRIDGE: when `bridgeKey` last handed the key out. */
  @Property({ type: 'datetime', nullable: true })
  bridgeKeyIssuedAt: Date | null = null;

  /** BRIDGE: when it last fetched the final page of a replica change set. */
  @Property({ type: 'datetime', nullable: true })
  lastSyncedAt: Date | null = null;

  /** BRIDGE: the event seq that change set brought its replica to. */
  @Property({ type: 'integer', nullable: true })
  replicaCursor: number | null = null;

  /** BRIDGE: users in its replica then. */
  @Property({ type: 'integer', nullable: true })
  replicaSize: number | null = null;
}
