import { Field, Int, ObjectType } from 'type-graphql';
import { AccessReason } from '../graphql/enums.type';

// Plain properties, no middleware: graphql-js reads them without type-graphql's wrapper (hot path).
@ObjectType('AccessDecision', { simpleResolvers: true })
export class AccessDecisionType {
  @Field(() => Boolean) granted!: boolean;
  @Field(() => AccessReason) reason!: AccessReason;
  @Field(() => Date) decidedAt!: Date;
  @Field(() => Int, { nullable: true, description: 'Set when reason is LOCKED_OUT.' }) retryAfterSeconds!: number | null;
}
