import { Entity, Enum, Filter, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Site } from '../site/site.entity';

export enum Role {
  ADMIN = 'ADMIN',
  USER = 'USER',
}

/** Deleted users are kept (their PINs stay quarantined) but every query leaves them out. */
@Entity({ tableName: 'app_user' })
@Filter({ name: 'live', cond: { deletedAt: null }, default: true })
@Unique({ properties: ['site', 'slackUserId'] })
export class User {
  [OptionalProps]?: 'id' | 'email' | 'slackUserId' | 'role' | 'createdAt' | 'deletedAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne(() => Site)
  @Index()
  site!: Site;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 320, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  slackUserId: string | null = null;

  @Enum({ items: () => Role, type: 'string' })
  role: Role = Role.USER;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;
}
