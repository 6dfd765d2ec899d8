import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateLockInput')
export class CreateLockInput {
  @Field(() => ID) siteId!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) pinEnabled?: boolean | null;
}
