import type { EntityManager } from '@mikro-orm/knex';
import { requireAdmin, callerOf } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId } from '../../shared/principal';
import type { Page } from '../user/user.service';
import type { RequestContext } from '../../shared/request-context';
import { Lock } from '../lock/lock.entity';
import { User } from '../user/user.entity';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import type { AccessCacheSync } from './access-cache.sync';
import { Permission } from './permission.entity';
import { cleanSchedule, type Weekday, type WeeklySchedule } from './schedule';

export interface NewPermission {
  userId: string;
  lockId: string;
  schedule?: WeeklySchedule | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}


export const scheduleOf = (p: Permission): WeeklySchedule | null =>
  p.scheduleDays && p.scheduleStart && p.scheduleEnd
    ? { days: p.scheduleDays.split(',') as Weekday[], start: p.scheduleStart, end: p.scheduleEnd }
    : null;

export interface PermissionTerms {
  schedule?: WeeklySchedule | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** A permission's schedule and validity, checked: bad input changes nothing. */
function cleanTerms(input: PermissionTerms): { schedule: WeeklySchedule | null; validFrom: Date | null; validUntil: Date | null } {
  const schedule = input.schedule ? cleanSchedule(input.schedule) : null;
  const validFrom = input.validFrom ?? null;
  const validUntil = input.validUntil ?? null;
  for (const [field, d] of [['validFrom', validFrom], ['validUntil', validUntil]] as const) {
    if (d && Number.isNaN(d.getTime())) throw badInput(`${field} is not a valid date`, field);
  }
  if (validFrom && validUntil && validFrom.getTime() >= validUntil.getTime()) {
    throw badInput('validFrom must be before validUntil', 'validFrom');
  }
  return { schedule, validFrom, validUntil };
}

export class PermissionService {
  constructor(
    private readonly events: EventLog,
    private readonly sync: AccessCacheSync,
  ) {}

  async grant(ctx: RequestContext, input: NewPermission): Promise<Permission> {
    const userId = parseId(input.userId, 'userId');
    const lockId = parseId(input.lockId, 'lockId');
    const { schedule, validFrom, validUntil } = cleanTerms(input);
    const p = callerOf(ctx);
    const permission = await this.change(ctx, userId, lockId, PinEventType.PERMISSION_GRANTED, async (tem) => {
      const user = await tem.findOne(User, userId);
      const lock = await tem.findOne(Lock, lockId);
      if (!user || user.site.id !== p.siteId) throw notFound('User');
      if (!lock || lock.site.id !== p.siteId) throw notFound('Lock');
      requireAdmin(ctx, lock.site.id);
      const created = tem.create(Permission, {
        user,
        lock,
        scheduleDays: schedule ? schedule.days.join(',') : null,
        scheduleStart: schedule?.start ?? null,
        scheduleEnd: schedule?.end ?? null,
        validFrom,
        validUntil,
      });
      await tem.flush();
      return created;
    });
    return ctx.em.findOneOrFail(Permission, permission.id);
  }

  async revoke(ctx: RequestContext, id: string): Promise<boolean> {
    const permissionId = parseId(id, 'permissionId');
    const p = callerOf(ctx);
    const perm = await ctx.em.findOne(Permission, permissionId, { populate: ['lock'] });
    if (!perm || perm.lock.site.id !== p.siteId) throw notFound('Permission');
    requireAdmin(ctx, perm.lock.site.id);
    await this.change(ctx, perm.user.id, perm.lock.id, PinEventType.PERMISSION_REVOKED, async (tem) => {
      const deleted = await tem.nativeDelete(Permission, { id: permissionId });
      if (deleted === 0) throw notFound('Permission');
    });
    return true;
  }

  /** Replaces a permission's schedule and validity, for an admin of the site; every node applies it when this returns. */
  async update(ctx: RequestContext, id: string, input: PermissionTerms): Promise<Permission> {
    const permissionId = parseId(id, 'id');
    const { schedule, validFrom, validUntil } = cleanTerms(input);
    const p = callerOf(ctx);
    const perm = await ctx.em.findOne(Permission, permissionId, { populate: ['lock'] });
    if (!perm || perm.lock.site.id !== p.siteId) throw notFound('Permission');
    requireAdmin(ctx, perm.lock.site.id);
    await this.change(ctx, perm.user.id, perm.lock.id, PinEventType.PERMISSION_UPDATED, async (tem) => {
      const updated = await tem.nativeUpdate(Permission, { id: permissionId }, {
        scheduleDays: schedule ? schedule.days.join(',') : null,
        scheduleStart: schedule?.start ?? null,
        scheduleEnd: schedule?.end ?? null,
        validFrom,
        validUntil,
      });
      if (updated === 0) throw notFound('Permission');
    }, permissionId);
    return ctx.em.findOneOrFail(Permission, permissionId, { refresh: true });
  }

  /** Who may open a lock: for admins of the site, ordered by id. */
  async listForLock(ctx: RequestContext, lock: Lock, page: Page): Promise<Permission[]> {
    const p = callerOf(ctx);
    if (p.siteId !== lock.site.id || !(p.kind === 'USER' && p.role === 'ADMIN')) {
      throw forbidden('Only an admin may read who may open a door');
    }
    const where: Record<string, unknown> = { lock: lock.id };
    if (page.after) where.id = { $gt: parseId(page.after, 'after') };
    return ctx.em.find(Permission, where, { orderBy: { id: 'asc' }, limit: page.first });
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

  /** One permission change: the change, its event and the cache write-through, in one transaction. */
  private async change<T>(
    ctx: RequestContext,
    userId: string,
    lockId: string,
    type: PinEventType,
    apply: (tem: EntityManager) => Promise<T>,
    refId?: string,
  ): Promise<T> {
    const targets = { grants: [{ userId, lockId }] };
    const { result, records, bumped } = await ctx.em.fork().transactional(async (tem) => {
      const result = await apply(tem);
      const siteId = callerOf(ctx).siteId;
      const records = await this.events.append(tem, siteId, [{ type, userId, lockId, ...(refId && { refId, actorId: actorId(callerOf(ctx)) }) }]);
      const bumped = await this.sync.markPending(tem, targets, records[0].seq);
      return { result, records, bumped };
    });
    this.events.committed(records);
    await this.sync.refresh(ctx.em.fork(), targets, bumped);
    return result;
  }
}
