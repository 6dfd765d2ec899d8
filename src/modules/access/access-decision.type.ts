import { Field, Int, ObjectType } from 'type-graphql';
import { AccessReason } from '../graphql/enums.type';

@ObjectType('AccessDecision')
export class AccessDecisionType {
  @Field(() => Boolean) granted!: boolean;
  @Field(() => AccessReason) reason!: AccessReason;
  @Field(() => Date) decidedAt!: Date;
  @Field(() => Int, { nullable: true, description: 'Set when reason is LOCKED_OUT.' }) retryAfterSeconds!: number | null;
}
