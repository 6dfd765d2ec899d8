import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import type { Lock } from '../lock/lock.entity';
import { LockType } from '../lock/lock.type';
import { LockoutStatusType } from './lockout.type';

@Resolver(() => LockType)
export class LockoutResolver {
  @Mutation(() => Boolean, { description: "Clears a door's lockout and its failure counters (admins of its site)." })
  clearLockout(@Arg('lockId', () => ID) lockId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.lockouts.clearLockout(ctx, lockId);
  }

  @Mutation(() => Boolean, { description: "Clears the site's daily failure count, hardening and last stage (admins of the site)." })
  clearSiteHardening(@Arg('siteId', () => ID) siteId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.lockouts.clearSiteHardening(ctx, siteId);
  }

  @FieldResolver(() => LockoutStatusType, { description: 'Admins only.' })
  lockout(@Root() lock: Lock, @Ctx() ctx: ApiContext) {
    return ctx.services.lockouts.status(ctx, lock);
  }
}
