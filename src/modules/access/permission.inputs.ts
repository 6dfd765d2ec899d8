import { Field, ID, InputType } from 'type-graphql';
import { Weekday } from '../graphql/enums.type';

@InputType('ScheduleInput')
export class ScheduleInput {
  @Field(() => [Weekday]) days!: Weekday[];
  @Field(() => String, { description: 'HH:MM, local time of the site, inclusive.' }) start!: string;
  @Field(() => String, { description: 'HH:MM, exclusive; before start means the window runs overnight.' }) end!: string;
}

@InputType('GrantAccessInput')
export class GrantAccessInput {
  @Field(() => ID) userId!: string;
  @Field(() => ID) lockId!: string;
  @Field(() => ScheduleInput, { nullable: true }) schedule?: ScheduleInput | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
}

@InputType('UpdatePermissionInput', { description: 'The new schedule and validity, replacing the old ones: omitted or null means none.' })
export class UpdatePermissionInput {
  @Field(() => ScheduleInput, { nullable: true, description: 'Null or omitted: any time.' }) schedule?: ScheduleInput | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validUntil?: Date | null;
}
