import { requireAdmin, callerOf } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { Lock } from '../lock/lock.entity';
import { User } from '../user/user.entity';
import { Permission } from './permission.entity';
import { cleanSchedule, type Weekday, type WeeklySchedule } from './schedule';

export interface NewPermission {
  userId: string;
  lockId: string;
  schedule?: WeeklySchedule | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** Called after a committed grant or revoke (cache write-through). */
export type PermissionsChanged = (userId: string, lockId: string) => Promise<void> | void;

export const scheduleOf = (p: Permission): WeeklySchedule | null =>
  p.scheduleDays && p.scheduleStart && p.scheduleEnd
    ? { days: p.scheduleDays.split(',') as Weekday[], start: p.scheduleStart, end: p.scheduleEnd }
    : null;

export class PermissionService {
  constructor(private readonly onChanged: PermissionsChanged = () => undefined) {}

  async grant(ctx: RequestContext, input: NewPermission): Promise<Permission> {
    const userId = parseId(input.userId, 'userId');
    const lockId = parseId(input.lockId, 'lockId');
    const schedule = input.schedule ? cleanSchedule(input.schedule) : null;
    const validFrom = input.validFrom ?? null;
    const validUntil = input.validUntil ?? null;
    for (const [field, d] of [['validFrom', validFrom], ['validUntil', validUntil]] as const) {
      if (d && Number.isNaN(d.getTime())) throw badInput(`${field} is not a valid date`, field);
    }
    if (validFrom && validUntil && validFrom.getTime() >= validUntil.getTime()) {
      throw badInput('validFrom must be before validUntil', 'validFrom');
    }
    const p = callerOf(ctx);
    const permission = await ctx.em.transactional(async (tem) => {
      const [user, lock] = await Promise.all([tem.findOne(User, userId), tem.findOne(Lock, lockId)]);
      if (!user || user.site.id !== p.siteId) throw notFound('User');
      if (!lock || lock.site.id !== p.siteId) throw notFound('Lock');
      requireAdmin(ctx, lock.site.id);
      return tem.create(Permission, {
        user,
        lock,
        scheduleDays: schedule ? schedule.days.join(',') : null,
        scheduleStart: schedule?.start ?? null,
        scheduleEnd: schedule?.end ?? null,
        validFrom,
        validUntil,
      });
    });
    await this.onChanged(userId, lockId);
    return permission;
  }

  async revoke(ctx: RequestContext, id: string): Promise<boolean> {
    const permissionId = parseId(id, 'permissionId');
    const p = callerOf(ctx);
    const { userId, lockId } = await ctx.em.transactional(async (tem) => {
      const perm = await tem.findOne(Permission, permissionId, { populate: ['lock'] });
      if (!perm || perm.lock.site.id !== p.siteId) throw notFound('Permission');
      requireAdmin(ctx, perm.lock.site.id);
      const ids = { userId: perm.user.id, lockId: perm.lock.id };
      tem.remove(perm);
      return ids;
    });
    await this.onChanged(userId, lockId);
    return true;
  }

  /** A user's permissions: for admins of the site and the user. */
  async listForUser(ctx: RequestContext, user: User): Promise<Permission[]> {
    const p = callerOf(ctx);
    const self = p.kind === 'USER' && p.userId === user.id;
    if (p.siteId !== user.site.id || !(self || (p.kind === 'USER' && p.role === 'ADMIN'))) {
      throw forbidden('Only an admin or the user may read these permissions');
    }
    return ctx.em.find(Permission, { user: user.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }
}
