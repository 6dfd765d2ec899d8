import { Entity, OptionalProps, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Site } from '../site/site.entity';

@Entity({ tableName: 'door_lock' })
export class Lock {
  [OptionalProps]?: 'id' | 'pinEnabled' | 'createdAt';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne(() => Site)
  @Index()
  site!: Site;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'boolean' })
  pinEnabled: boolean = true;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
