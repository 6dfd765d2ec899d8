import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PermissionType } from '../access/permission.type';
import type { ApiContext } from '../api.context';
import { PinType } from '../pin/pin.type';
import { SiteType } from '../site/site.type';
import type { User } from './user.entity';
import { CreateUserInput, UpdateUserInput } from './user.inputs';
import { UserType } from './user.type';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserType, { nullable: true })
  me(@Ctx() ctx: ApiContext) {
    return ctx.services.users.me(ctx);
  }

  @Query(() => UserType, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: ApiContext) {
    return ctx.services.users.get(ctx, id);
  }

  @Query(() => UserType, { nullable: true })
  userBySlackId(@Arg('siteId', () => ID) siteId: string, @Arg('slackUserId', () => String) slackUserId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.users.bySlackId(ctx, siteId, slackUserId);
  }

  @Mutation(() => UserType)
  createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: ApiContext) {
    return ctx.services.users.create(ctx, input);
  }

  @Mutation(() => UserType, { description: 'Renames a user, changes their email or role: for an admin of the site.' })
  updateUser(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: ApiContext) {
    return ctx.services.users.update(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: "Deletes a user: retires their PINs, removes their permissions, revokes their tokens." })
  deleteUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.users.delete(ctx, userId);
  }

  @FieldResolver(() => SiteType)
  site(@Root() user: User, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.get(ctx, user.site.id);
  }

  @FieldResolver(() => [PinType])
  pins(@Root() user: User, @Ctx() ctx: ApiContext) {
    return ctx.services.pins.listForUser(ctx, user);
  }

  @FieldResolver(() => [PermissionType])
  permissions(@Root() user: User, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.listForUser(ctx, user);
  }
}
