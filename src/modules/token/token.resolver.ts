import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { CreateBridgeTokenInput } from './token.inputs';
import { IssuedTokenType } from './token.type';

@Resolver(() => IssuedTokenType)
export class TokenResolver {
  @Mutation(() => IssuedTokenType)
  createUserToken(@Arg('userId', () => ID) userId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.createUserToken(ctx, userId);
  }

  @Mutation(() => IssuedTokenType)
  createBridgeToken(@Arg('input', () => CreateBridgeTokenInput) input: CreateBridgeTokenInput, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.createBridgeToken(ctx, input);
  }

  @Mutation(() => IssuedTokenType)
  createServiceToken(@Arg('siteId', () => ID) siteId: string, @Arg('name', () => String) name: string, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.createServiceToken(ctx, siteId, name);
  }

  @Mutation(() => Boolean)
  revokeToken(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.revoke(ctx, id);
  }
}
