import { Entity, OptionalProps, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';

/** One refused custom PIN try; counted per user per hour (DESIGN.md rule 7). */
@Entity({ tableName: 'custom_pin_refusal' })
@Index({ properties: ['userId', 'at'] })
export class PinRefusal {
  [OptionalProps]?: 'id' | 'at';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 36 })
  userId!: string;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
