import { Field, ID, ObjectType } from 'type-graphql';
import { AccessReason, PinEventType } from '../graphql/enums.type';

@ObjectType('PinEvent')
export class PinEventObject {
  @Field(() => ID, { description: 'Opaque, strictly increasing per site; pass as `after` to resume.' }) id!: string;
  @Field(() => PinEventType) type!: PinEventType;
  @Field(() => AccessReason, { nullable: true }) reason!: AccessReason | null;
  @Field(() => Date) at!: Date;
  @Field(() => ID, { nullable: true, description: "Who did it: a user's id, a token's id, or 'cli'; null for access decisions." }) actorId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The other object it is about: the sign-in link of SIGN_IN_LINK_CREATED and SIGNED_IN.' }) refId!: string | null;
}
