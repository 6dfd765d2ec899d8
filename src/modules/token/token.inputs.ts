import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateBridgeTokenInput')
export class CreateBridgeTokenInput {
  @Field(() => ID) siteId!: string;
  @Field(() => String) name!: string;
  @Field(() => [ID], { nullable: true, description: 'Restrict the bridge to these locks; all locks of the site when omitted.' })
  lockIds?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'Refused from then on; in the future, within 5 years. Never when omitted.' })
  expiresAt?: Date | null;
}
