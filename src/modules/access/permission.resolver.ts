import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { LockType } from '../lock/lock.type';
import { UserType } from '../user/user.type';
import type { Permission } from './permission.entity';
import { GrantAccessInput, UpdatePermissionInput } from './permission.inputs';
import { scheduleOf } from './permission.service';
import { PermissionType, ScheduleType } from './permission.type';

@Resolver(() => PermissionType)
export class PermissionResolver {
  @Mutation(() => PermissionType)
  grantAccess(@Arg('input', () => GrantAccessInput) input: GrantAccessInput, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.grant(ctx, input);
  }

  @Mutation(() => PermissionType, { description: "Replaces a permission's schedule and validity: for an admin of the site." })
  updatePermission(@Arg('id', () => ID) id: string, @Arg('input', () => UpdatePermissionInput) input: UpdatePermissionInput, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.update(ctx, id, input);
  }

  @Mutation(() => Boolean)
  revokeAccess(@Arg('permissionId', () => ID) permissionId: string, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.revoke(ctx, permissionId);
  }

  @FieldResolver(() => ScheduleType, { nullable: true })
  schedule(@Root() permission: Permission) {
    return scheduleOf(permission);
  }

  @FieldResolver(() => UserType)
  user(@Root() permission: Permission, @Ctx() ctx: ApiContext) {
    return ctx.services.users.get(ctx, permission.user.id);
  }

  @FieldResolver(() => LockType)
  lock(@Root() permission: Permission, @Ctx() ctx: ApiContext) {
    return ctx.services.locks.get(ctx, permission.lock.id);
  }
}
