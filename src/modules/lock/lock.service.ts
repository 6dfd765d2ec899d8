import { assertSameSite, callerOf, requireAdmin } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { actorId } from '../../shared/principal';
import type { AccessCacheSync } from '../access/access-cache.sync';
import { LOCK_ENTRY_TTL_MS } from '../access/lock-access.service';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { cleanName } from '../../shared/validate';
import { Site } from '../site/site.entity';
import type { Page } from '../user/user.service';
import { Lock } from './lock.entity';

export interface NewLock {
  siteId: string;
  name: string;
  pinEnabled?: boolean | null;
}

export interface LockChanges {
  name?: string | null;
  pinEnabled?: boolean | null;
}

export class LockService {
  constructor(
    private readonly events: EventLog,
    private readonly sync: AccessCacheSync,
  ) {}

  async create(ctx: RequestContext, input: NewLock): Promise<Lock> {
    const siteId = parseId(input.siteId, 'siteId');
    const name = cleanName(input.name);
    requireAdmin(ctx, siteId);
    return ctx.em.transactional(async (tem) => {
      const site = await tem.findOne(Site, siteId);
      if (!site) throw notFound('Site');
      return tem.create(Lock, { site, name, pinEnabled: input.pinEnabled ?? true });
    });
  }

  /**
   * Renames a door or turns its keypad PINs on or off, for an admin of the site. A changed
   * pinEnabled applies on every node when this returns (nodes keep lock entries LOCK_ENTRY_TTL_MS).
   */
  async update(ctx: RequestContext, idRaw: string, changes: LockChanges): Promise<Lock> {
    const lockId = parseId(idRaw, 'id');
    const name = changes.name == null ? undefined : cleanName(changes.name);
    if (changes.pinEnabled != null && typeof changes.pinEnabled !== 'boolean') throw badInput('pinEnabled must be true or false', 'pinEnabled');
    const pinEnabled = changes.pinEnabled ?? undefined;
    const p = callerOf(ctx);
    const found = await ctx.em.findOne(Lock, lockId);
    if (!found || found.site.id !== p.siteId) throw notFound('Lock');
    const siteId = found.site.id;
    requireAdmin(ctx, siteId);
    const { records, switched } = await ctx.em.fork().transactional(async (tem) => {
      const lock = await tem.findOneOrFail(Lock, lockId);
      const switched = pinEnabled !== undefined && pinEnabled !== lock.pinEnabled;
      Object.assign(lock, { ...(name !== undefined && { name }), ...(pinEnabled !== undefined && { pinEnabled }) });
      await tem.flush();
      const records = await this.events.append(tem, siteId, [{ type: PinEventType.LOCK_UPDATED, lockId, actorId: actorId(p) }]);
      return { records, switched };
    });
    this.events.committed(records);
    if (switched) {
      await this.sync.refresh(ctx.em.fork(), { locks: [lockId] });
      await new Promise((resolve) => setTimeout(resolve, LOCK_ENTRY_TTL_MS));
    }
    return ctx.em.findOneOrFail(Lock, lockId, { refresh: true });
  }

  /** A lock of the caller's site. */
  async get(ctx: RequestContext, id: string): Promise<Lock> {
    const lockId = parseId(id, 'lockId');
    const p = callerOf(ctx);
    const lock = await ctx.em.findOne(Lock, lockId);
    if (!lock || lock.site.id !== p.siteId) throw notFound('Lock');
    return lock;
  }

  /** Locks of a site for its admins and bridges (a scoped bridge sees its own locks only). */
  async listForSite(ctx: RequestContext, site: Site, page: Page): Promise<Lock[]> {
    const p = callerOf(ctx);
    assertSameSite(p, site.id, 'Site');
    const where: Record<string, unknown> = { site: site.id };
    if (p.kind === 'BRIDGE') {
      if (p.lockIds) where.id = { $in: [...p.lockIds] };
    } else if (!(p.kind === 'USER' && p.role === 'ADMIN')) {
      throw forbidden('Only an admin or a bridge may list the locks of a site');
    }
    if (page.after) where.id = { ...(where.id as object), $gt: parseId(page.after, 'after') };
    return ctx.em.find(Lock, where, { orderBy: { id: 'asc' }, limit: page.first });
  }
}
