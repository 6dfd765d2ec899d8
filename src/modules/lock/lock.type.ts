import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Lock')
export class LockType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean) pinEnabled!: boolean;
}
