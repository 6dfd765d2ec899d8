import { assertSameSite, callerOf, requireAdmin } from '../../shared/authorize';
import { forbidden, notFound } from '../../shared/errors';
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

export class LockService {
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
