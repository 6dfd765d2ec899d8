import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('IssuedToken')
export class IssuedTokenType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Shown once.' }) token!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
}
