import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { PageArgs, page } from '../graphql/page.args';
import type { Site } from '../site/site.entity';
import { SiteType } from '../site/site.type';
import { User } from '../user/user.entity';
import { UserType } from '../user/user.type';
import { SignInLinkRecordType } from '../identity/sign-in.type';
import { CredentialType } from './credential.type';
import type { AccessToken } from './token.entity';

@ArgsType()
class TokenPageArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false, description: 'Also revoked and expired tokens.' }) includeRevoked!: boolean;
}

@Resolver(() => CredentialType)
export class CredentialResolver {
  @FieldResolver(() => UserType, { nullable: true, description: 'The user a USER token (or session) acts as.' })
  user(@Root() row: AccessToken, @Ctx() ctx: ApiContext) {
    return row.user ? ctx.em.findOne(User, row.user.id) : null;
  }

  @FieldResolver(() => SignInLinkRecordType, { nullable: true, description: 'For a session: the sign-in link it was redeemed from, and who made it.' })
  signInLink(@Root() row: AccessToken, @Ctx() ctx: ApiContext) {
    return ctx.services.signIn.linkOf(ctx.em, row.signInLinkId);
  }

  @FieldResolver(() => [ID], { nullable: true, description: 'BRIDGE scope; null means every lock of the site.' })
  lockIds(@Root() row: AccessToken): string[] | null {
    return row.lockIds ? row.lockIds.split(',') : null;
  }
}

@Resolver(() => SiteType)
export class SiteTokensResolver {
  @FieldResolver(() => [CredentialType], { description: "The site's tokens and sessions, by id, without secrets: for its admins." })
  tokens(@Root() site: Site, @Args(() => TokenPageArgs) args: TokenPageArgs, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.listForSite(ctx, site.id, page(args), args.includeRevoked ?? false);
  }
}

@Resolver(() => UserType)
export class UserSessionsResolver {
  @FieldResolver(() => [CredentialType], { description: 'Their sessions, newest first (the last 50), each with the link it came from: for the user and their admins.' })
  sessions(@Root() user: User, @Ctx() ctx: ApiContext) {
    return ctx.services.tokens.sessionsOf(ctx, user);
  }
}
