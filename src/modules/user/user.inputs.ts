import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../graphql/enums.type';

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field(() => ID) siteId!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Slack user ID (U...), unique per site.' }) slackUserId?: string | null;
  @Field(() => Role, { nullable: true, defaultValue: Role.USER }) role?: Role | null;
}

@InputType('UpdateUserInput')
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: 'Unchanged when omitted.' }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'Unchanged when omitted; an empty string clears it.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Slack user ID (U...); unchanged when omitted, an empty string unlinks it.' })
  slackUserId?: string | null;
  @Field(() => Role, {
    nullable: true,
    description: 'Unchanged when omitted. A new role applies on every node before the mutation returns; an admin cannot change their own.',
  })
  role?: Role | null;
}
