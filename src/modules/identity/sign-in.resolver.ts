import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { SessionType, SignInLinkType } from './sign-in.type';

@Resolver(() => SignInLinkType)
export class SignInResolver {
  @Mutation(() => SignInLinkType, {
    description: 'A one-use sign-in link: an admin for a user of their site (up to 7 days), the Slack service for a linked user (up to 60 minutes).',
  })
  createSignInLink(
    @Arg('userId', () => ID) userId: string,
    @Arg('expiresInMinutes', () => Int, { defaultValue: 60 }) expiresInMinutes: number,
    @Ctx() ctx: ApiContext,
  ) {
    return ctx.services.signIn.createLink(ctx, userId, expiresInMinutes);
  }

  @Mutation(() => SessionType, { description: 'Redeems the code of a sign-in link for a session; no token needed. Refused codes: 10 a minute per client address.' })
  redeemSignIn(@Arg('code', () => String) code: string, @Ctx() ctx: ApiContext) {
    return ctx.services.signIn.redeem(ctx.em, code, ctx.clientAddress ?? 'unknown');
  }
}
