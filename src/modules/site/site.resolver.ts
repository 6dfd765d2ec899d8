import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { PageArgs, page } from '../graphql/page.args';
import { LockType } from '../lock/lock.type';
import { UserType } from '../user/user.type';
import { CUSTOM_PIN_MAX_LENGTH, customPinMinLengthOf, type Site } from './site.entity';
import { PinPolicyInput } from './site.inputs';
import { PinPolicyType, SiteType } from './site.type';
import { GuessingRiskType } from '../risk/guessing-risk.type';


@Resolver(() => SiteType)
export class SiteResolver {
  @Query(() => SiteType, { nullable: true })
  site(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.get(ctx, id);
  }

  @Mutation(() => SiteType)
  updatePinPolicy(@Arg('siteId', () => ID) siteId: string, @Arg('input', () => PinPolicyInput) input: PinPolicyInput, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.updatePinPolicy(ctx, siteId, input);
  }

  @FieldResolver(() => PinPolicyType)
  pinPolicy(@Root() site: Site): PinPolicyType {
    return { ...site, customPinMinLength: customPinMinLengthOf(site), customPinMaxLength: CUSTOM_PIN_MAX_LENGTH };
  }

  @FieldResolver(() => GuessingRiskType, { description: 'Admins of the site only.' })
  guessingRisk(@Root() site: Site, @Ctx() ctx: ApiContext) {
    return ctx.services.risk.forSite(ctx, site.id);
  }

  @FieldResolver(() => [LockType])
  locks(@Root() site: Site, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.listForSite(ctx, site, page(args));
  }

  @FieldResolver(() => [UserType])
  users(
    @Root() site: Site,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: ApiContext,
    @Arg('search', () => String, { nullable: true, description: 'Name or email contains it, ignoring case.' }) search?: string | null,
  ) {
    return ctx.services.users.listForSite(ctx, site, page(args), search);
  }

  @FieldResolver(() => Int, { description: 'How many users `users` pages through with the same search.' })
  userCount(@Root() site: Site, @Ctx() ctx: ApiContext, @Arg('search', () => String, { nullable: true }) search?: string | null) {
    return ctx.services.users.countForSite(ctx, site, search);
  }
}
