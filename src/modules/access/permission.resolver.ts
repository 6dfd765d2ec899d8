import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { LockType } from '../lock/lock.type';
import { UserType } from '../user/user.type';
import type { Permission } from './permission.entity';
import { GrantAccessInput } from './permission.inputs';
import { scheduleOf } from './permission.service';
import { PermissionType, ScheduleType } from './permission.type';

@Resolver(() => PermissionType)
export class PermissionResolver {
  @Mutation(() => PermissionType)
  grantAccess(@Arg('input', () => GrantAccessInput) input: GrantAccessInput, @Ctx() ctx: ApiContext) {
    return ctx.services.permissions.grant(ctx, input);
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
