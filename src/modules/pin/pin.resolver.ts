import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { UserType } from '../user/user.type';
import type { Pin } from './pin.entity';
import { AssignPinInput, ReassignPinInput } from './pin.inputs';
import { PinAssignmentType, PinType } from './pin.type';

@Resolver(() => PinType)
export class PinResolver {
  @Mutation(() => PinAssignmentType)
  assignPin(@Arg('input', () => AssignPinInput) input: AssignPinInput, @Ctx() ctx: ApiContext) {
    return ctx.services.pins.assign(ctx, input);
  }

  @Mutation(() => PinAssignmentType)
  reassignPin(@Arg('input', () => ReassignPinInput) input: ReassignPinInput, @Ctx() ctx: ApiContext) {
    return ctx.services.pins.reassign(ctx, input.pinId, input.code);
  }

  @Mutation(() => PinType)
  blockPin(@Arg('pinId', () => ID) pinId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.pins.block(ctx, pinId);
  }

  @Mutation(() => PinType)
  unblockPin(@Arg('pinId', () => ID) pinId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.pins.unblock(ctx, pinId);
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'The admin who blocked it; null when not blocked, blocked by its own user or a token, or when the caller may not read that admin.',
  })
  blockedBy(@Root() pin: Pin, @Ctx() ctx: ApiContext) {
    return ctx.services.users.blockerOf(ctx, pin);
  }

  @FieldResolver(() => UserType)
  user(@Root() pin: Pin, @Ctx() ctx: ApiContext) {
    return ctx.services.users.get(ctx, pin.user.id);
  }
}
