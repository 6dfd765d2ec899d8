import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PinKind, PinStatus } from '../graphql/enums.type';

@ObjectType('Pin', { description: 'A PIN as everyone but its first viewer sees it: never its digits.' })
export class PinType {
  @Field(() => ID) id!: string;
  @Field(() => PinKind) kind!: PinKind;
  @Field(() => PinStatus) status!: PinStatus;
  @Field(() => Int) length!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) blockedAt!: Date | null;
}

@ObjectType('PinAssignment', { description: "The one and only time a PIN's digits leave the server." })
export class PinAssignmentType {
  @Field(() => PinType) pin!: PinType;
  @Field(() => String) code!: string;
}
