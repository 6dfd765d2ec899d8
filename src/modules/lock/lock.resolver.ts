import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { SiteType } from '../site/site.type';
import type { Lock } from './lock.entity';
import { CreateLockInput } from './lock.inputs';
import { LockType } from './lock.type';

@Resolver(() => LockType)
export class LockResolver {
  @Mutation(() => LockType)
  createLock(@Arg('input', () => CreateLockInput) input: CreateLockInput, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.create(ctx, input);
  }

  @FieldResolver(() => SiteType)
  site(@Root() lock: Lock, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.get(ctx, lock.site.id);
  }
}
