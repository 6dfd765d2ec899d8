import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { CreateBridgeTokenInput } from './token.inputs';
import { IssuedTokenType } from './token.type';

@Resolver(() => IssuedTokenType)
export class TokenResolver {
  @Mutation(() => IssuedTokenType)
  createBridgeToken(@Arg('input', () => CreateBridgeTokenInput) input: CreateBridgeTokenInput, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.createBridgeToken(ctx, input);
  }

  @Mutation(() => IssuedTokenType)
  createServiceToken(
    @Arg('siteId', () => ID) siteId: string,
    @Arg('name', () => String) name: string,
    @Arg('expiresAt', () => Date, { nullable: true, description: 'Refused from then on; in the future, within 5 years. Never when omitted.' }) expiresAt: Date | null,
    @Ctx() ctx: ApiContext,
  ) {
    return ctx.services.tokens.createServiceToken(ctx, siteId, name, expiresAt);
  }

  @Mutation(() => Boolean)
  revokeToken(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.revoke(ctx, id);
  }

  @Mutation(() => Boolean, { description: 'Ends the calling session (a token from redeemSignIn); BAD_USER_INPUT for any other token.' })
  signOut(@Ctx() ctx: ApiContext) {
    return ctx.services.tokens.endSession(ctx);
  }
}
