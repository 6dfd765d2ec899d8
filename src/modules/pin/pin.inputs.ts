import { Field, ID, InputType } from 'type-graphql';
import { PinKind } from '../graphql/enums.type';

@InputType('AssignPinInput')
export class AssignPinInput {
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller.' }) userId?: string | null;
  @Field(() => PinKind, { nullable: true, defaultValue: PinKind.AUTO }) kind?: PinKind | null;
  @Field(() => String, { nullable: true, description: 'Only for kind CUSTOM: the digits the user chose.' }) code?: string | null;
}

@InputType('ReassignPinInput')
export class ReassignPinInput {
  @Field(() => ID) pinId!: string;
  @Field(() => String, { nullable: true, description: 'Only when the PIN being replaced is CUSTOM: the new digits.' }) code?: string | null;
}
