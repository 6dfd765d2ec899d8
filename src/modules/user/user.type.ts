import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../graphql/enums.type';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) slackUserId!: string | null;
  @Field(() => Role) role!: Role;
}
