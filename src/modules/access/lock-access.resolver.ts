import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { LockType } from '../lock/lock.type';
import { UserType } from '../user/user.type';
import { AccessDecisionType } from './access-decision.type';
import type { AccessDecision } from './lock-access.service';

@Resolver(() => AccessDecisionType)
export class LockAccessResolver {
  @Query(() => AccessDecisionType, { description: 'The door decision for a PIN typed at a keypad: for lock bridges.' })
  lockAccess(@Arg('lockId', () => ID) lockId: string, @Arg('pin', () => String) pin: string, @Ctx() ctx: ApiContext) {
    return ctx.services.access.decide(ctx, lockId, pin);
  }

  @FieldResolver(() => LockType)
  lock(@Root() decision: AccessDecision, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.get(ctx, decision.lockId);
  }

  @FieldResolver(() => UserType, { nullable: true })
  user(@Root() decision: AccessDecision, @Ctx() ctx: ApiContext) {
    return decision.userId ? ctx.services.events.related(ctx, 'User', decision.userId) : null;
  }
}
