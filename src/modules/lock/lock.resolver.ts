import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PermissionType } from '../access/permission.type';
import { PageArgs, page } from '../graphql/page.args';
import type { ApiContext } from '../api.context';
import { SiteType } from '../site/site.type';
import type { Lock } from './lock.entity';
import { CreateLockInput, UpdateLockInput } from './lock.inputs';
import { LockType } from './lock.type';

@Resolver(() => LockType)
export class LockResolver {
  @Query(() => LockType, { nullable: true, description: 'A door of the caller\'s site.' })
  lock(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.get(ctx, id);
  }

  @Mutation(() => LockType)
  createLock(@Arg('input', () => CreateLockInput) input: CreateLockInput, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.create(ctx, input);
  }

  @Mutation(() => LockType, { description: 'Renames a door or turns its keypad PINs on or off: for an admin of the site.' })
  updateLock(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateLockInput) input: UpdateLockInput, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.update(ctx, id, input);
  }

  @FieldResolver(() => [PermissionType], { description: 'Who may open this door, and when: admins of the site only. Ordered by id.' })
  permissions(@Root() lock: Lock, @Args(() => PageArgs) args: PageArgs, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.listForLock(ctx, lock, page(args));
  }

  @FieldResolver(() => SiteType)
  site(@Root() lock: Lock, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.get(ctx, lock.site.id);
  }
}
