import { callerOf, requireAdmin } from '../../shared/authorize';
import { notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import { Lock } from '../lock/lock.entity';
import type { LockoutCounters } from './lockout.port';

/** A lock's lockout as an admin sees it. */
export interface LockoutView {
  lockedOut: boolean;
  until: Date | null;
  failures: number;
}

/**
 * What admins do about lockouts (DESIGN.md rule 10): read a door's lockout, clear a door, clear a
 * site's hardening. Admins of the lock's site only (NOT_FOUND across sites, FORBIDDEN otherwise).
 * A clear runs in the transaction of its event: when the counters cannot be cleared, no event.
 */
export class LockoutAdminService {
  constructor(
    private readonly lockout: LockoutCounters,
    private readonly events: EventLog,
  ) {}

  async status(ctx: RequestContext, lock: Lock): Promise<LockoutView> {
    requireAdmin(ctx, lock.site.id, 'Lock');
    const s = await this.lockout.status({ siteId: lock.site.id, lockId: lock.id });
    return { lockedOut: s.lockedOut, until: s.until === null ? null : new Date(s.until), failures: s.failures };
  }

  /** Clears one door's lockout and its counters; appends LOCKOUT_CLEARED. */
  async clearLockout(ctx: RequestContext, id: string): Promise<boolean> {
    const lockId = parseId(id, 'lockId');
    const p = callerOf(ctx);
    const lock = await ctx.em.findOne(Lock, lockId);
    if (!lock || lock.site.id !== p.siteId) throw notFound('Lock');
    requireAdmin(ctx, lock.site.id, 'Lock');
    await this.cleared(ctx, lock.site.id, PinEventType.LOCKOUT_CLEARED, lockId, () => this.lockout.clearLock({ siteId: lock.site.id, lockId }));
    return true;
  }

  /** Clears the site's daily counter, hardening and last stage; appends SITE_HARDENING_CLEARED. */
  async clearSiteHardening(ctx: RequestContext, id: string): Promise<boolean> {
    const siteId = parseId(id, 'siteId');
    requireAdmin(ctx, siteId);
    await this.cleared(ctx, siteId, PinEventType.SITE_HARDENING_CLEARED, null, () => this.lockout.clearSite(siteId));
    return true;
  }

  private async cleared(ctx: RequestContext, siteId: string, type: PinEventType, lockId: string | null, clear: () => Promise<void>): Promise<void> {
    const actor = actorId(callerOf(ctx));
    const records = await ctx.em.fork().transactional(async (tem) => {
      const appended = await this.events.append(tem, siteId, [{ type, lockId, actorId: actor }]);
      await clear();
      return appended;
    });
    this.events.committed(records);
  }
}
