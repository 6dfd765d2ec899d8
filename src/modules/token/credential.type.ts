import { Field, ID, ObjectType } from 'type-graphql';
import { TokenKind } from '../graphql/enums.type';

@ObjectType('Token', { description: 'A credential of a site as its admins see it: never its secret.' })
export class CredentialType {
  @Field(() => ID) id!: string;
  @Field(() => TokenKind) kind!: TokenKind;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: "Who made it: a user's id, a token's id, or 'cli'." }) createdBy!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'To the minute, recorded within about 15 seconds.' }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}
