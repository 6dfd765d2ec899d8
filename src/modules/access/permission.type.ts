import { Field, ID, ObjectType } from 'type-graphql';
import { Weekday } from '../graphql/enums.type';

@ObjectType('Schedule')
export class ScheduleType {
  @Field(() => [Weekday]) days!: Weekday[];
  @Field(() => String, { description: 'Local time of the site, HH:MM, inclusive.' }) start!: string;
  @Field(() => String, { description: 'Local time of the site, HH:MM, exclusive.' }) end!: string;
}

@ObjectType('Permission')
export class PermissionType {
  @Field(() => ID) id!: string;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
}
