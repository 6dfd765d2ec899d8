import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateLockInput')
export class CreateLockInput {
  @Field(() => ID) siteId!: string;
  @Field(() => String) name!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) pinEnabled?: boolean | null;
}

@InputType('UpdateLockInput')
export class UpdateLockInput {
  @Field(() => String, { nullable: true, description: 'Unchanged when omitted.' }) name?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Unchanged when omitted. Applies on every node before the mutation returns.' })
  pinEnabled?: boolean | null;
}
