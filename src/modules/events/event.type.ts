import { Field, ID, ObjectType } from 'type-graphql';
import { AccessReason, PinEventType } from '../graphql/enums.type';

@ObjectType('PinEvent')
export class PinEventObject {
  @Field(() => ID, { description: 'Opaque, strictly increasing per site; pass as `after` to resume.' }) id!: string;
  @Field(() => PinEventType) type!: PinEventType;
  @Field(() => AccessReason, { nullable: true }) reason!: AccessReason | null;
  @Field(() => Date) at!: Date;
}
