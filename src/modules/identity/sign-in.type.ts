import { Field, ID, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type';

@ObjectType('SignInLink', { description: 'A one-use link; its code is in the URL fragment, shown once.' })
export class SignInLinkType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '<PUBLIC_URL>/sign-in#code=...' }) url!: string;
  @Field(() => Date) expiresAt!: Date;
}

@ObjectType('Session', { description: 'A session from a redeemed sign-in link.' })
export class SessionType {
  @Field(() => ID, { description: 'The id of its token (Site.tokens, revokeToken).' }) id!: string;
  @Field(() => String, { description: 'A bearer token; shown once.' }) token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => UserType) user!: UserType;
}

@ObjectType('SignInLinkRecord', { description: 'A sign-in link as its user and admins see it later: never its code.' })
export class SignInLinkRecordType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: "Who made it: an admin's user id, the Slack service's token id, or 'cli'." }) createdBy!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) usedAt!: Date | null;
}
