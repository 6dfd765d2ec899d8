import { Entity, OptionalProps, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Lock } from '../lock/lock.entity';
import { User } from '../user/user.entity';

/** A user's right to open one lock, optionally inside a weekly window and a validity period. */
@Entity({ tableName: 'permission' })
@Index({ properties: ['user', 'lock'] })
export class Permission {
  [OptionalProps]?: 'id' | 'scheduleDays' | 'scheduleStart' | 'scheduleEnd' | 'validFrom' | 'validUntil' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne(() => User)
  user!: User;

  @ManyToOne(() => Lock)
  @Index()
  lock!: Lock;

  /** Weekdays as a comma list (MON,TUE,...); null means no weekly schedule. */
  @Property({ type: 'string', length: 40, nullable: true })
  scheduleDays: string | null = null;

  /** HH:MM, local time of the site, inclusive. */
  @Property({ type: 'string', length: 5, nullable: true })
  scheduleStart: string | null = null;

  /** HH:MM, local time of the site, exclusive; before start means overnight. */
  @Property({ type: 'string', length: 5, nullable: true })
  scheduleEnd: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  validFrom: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  validUntil: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
