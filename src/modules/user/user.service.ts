import { BridgeVerifier } from '../bridge/bridge-verifier.entity';
import { PinLengthCounts } from '../pin/pin-length.counts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { assertSameSite, callerOf, isAdminOf, requireAdmin } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId, type Principal } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { cleanEmail, cleanName } from '../../shared/validate';
import { Site } from '../site/site.entity';
import type { AccessCacheSync, CacheTargets } from '../access/access-cache.sync';
import { Permission } from '../access/permission.entity';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import { Pin, PinStatus } from '../pin/pin.entity';
import type { TokenService } from '../token/token.service';
import { Role, User } from './user.entity';

export interface NewUser {
  siteId: string;
  name: string;
  email?: string | null;
  slackUserId?: string | null;
  role?: Role | null;
}

export interface UserChanges {
  name?: string | null;
  /** An empty string clears it. */
  email?: string | null;
  /** An empty string unlinks it. */
  slackUserId?: string | null;
  role?: Role | null;
}

export interface Page {
  first: number;
  after?: string | null;
}

const cleanSlackId = (v: string | null | undefined): string | null => {
  if (v === null || v === undefined) return null;
  if (!/^[UW][A-Z0-9]{2,20}$/.test(v)) throw badInput('slackUserId is not a Slack user ID (U... or W...)', 'slackUserId');
  return v;
};

/** May `p` read `user`? Admins and bridges of the site, the user, and the Slack service for linked users. */
export function canSeeUser(p: Principal, user: User): boolean {
  if (p.siteId !== user.site.id) return false;
  if (p.kind === 'USER') return p.role === 'ADMIN' || p.userId === user.id;
  if (p.kind === 'SERVICE') return user.slackUserId !== null;
  return true;
}

/** A search term: trimmed, at most 200 characters; empty means none. */
export function cleanSearch(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || v.length > 200) throw badInput('search must be at most 200 characters', 'search');
  const term = v.trim();
  return term === '' ? null : term;
}

export class UserService {
  constructor(
    private readonly events: EventLog,
    private readonly sync: AccessCacheSync,
    private readonly tokens: TokenService,
  ) {}

  async create(ctx: RequestContext, input: NewUser): Promise<User> {
    const siteId = parseId(input.siteId, 'siteId');
    const name = cleanName(input.name);
    const email = cleanEmail(input.email);
    const slackUserId = cleanSlackId(input.slackUserId);
    requireAdmin(ctx, siteId);
    try {
      return await ctx.em.transactional(async (tem) => {
        const site = await tem.findOne(Site, siteId);
        if (!site) throw notFound('Site');
        return tem.create(User, { site, name, email, slackUserId, role: input.role ?? Role.USER });
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw badInput('slackUserId is already linked to a user of this site', 'slackUserId');
      throw err;
    }
  }

  /**
   * Renames a user or changes their email or role, for an admin of the site (not their own role:
   * a site keeps the admin who acts). A changed role applies on every node when this returns.
   */
  async update(ctx: RequestContext, idRaw: string, changes: UserChanges): Promise<User> {
    const userId = parseId(idRaw, 'id');
    const name = changes.name == null ? undefined : cleanName(changes.name);
    const email = changes.email == null ? undefined : cleanEmail(changes.email === '' ? null : changes.email);
    const slackUserId = changes.slackUserId == null ? undefined : cleanSlackId(changes.slackUserId === '' ? null : changes.slackUserId);
    const role = changes.role ?? undefined;
    const p = callerOf(ctx);
    const found = await ctx.em.findOne(User, userId);
    if (!found || found.site.id !== p.siteId) throw notFound('User');
    const siteId = found.site.id;
    requireAdmin(ctx, siteId);
    if (role !== undefined && role !== found.role && p.kind === 'USER' && p.userId === userId) throw badInput('An admin cannot change their own role', 'role');
    const changed = async () => ctx.em.fork().transactional(async (tem) => {
      const user = await tem.findOneOrFail(User, userId);
      const roleChanged = role !== undefined && role !== user.role;
      Object.assign(user, {
        ...(name !== undefined && { name }),
        ...(email !== undefined && { email }),
        ...(slackUserId !== undefined && { slackUserId }),
        ...(role !== undefined && { role }),
      });
      await tem.flush();
      const records = await this.events.append(tem, siteId, [{ type: PinEventType.USER_UPDATED, userId, actorId: actorId(p) }]);
      const revocation = roleChanged ? await this.tokens.credentialsChanged(tem, siteId, userId) : null;
      return { user, records, revocation };
    });
    let result: Awaited<ReturnType<typeof changed>>;
    try {
      result = await changed();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw badInput('slackUserId is already linked to a user of this site', 'slackUserId');
      throw err;
    }
    const { user, records, revocation } = result;
    this.events.committed(records);
    if (revocation) await this.tokens.settle(revocation);
    return user;
  }

  /**
   * Deletes a user, for an admin of the site: their PINs are retired (and quarantined from other
   * users), their permissions removed and their tokens revoked, in one transaction with the event;
   * every node denies their PINs when this returns. The row stays, hidden, for the quarantine.
   */
  async delete(ctx: RequestContext, idRaw: string): Promise<boolean> {
    const userId = parseId(idRaw, 'userId');
    const p = callerOf(ctx);
    const user = await ctx.em.findOne(User, userId);
    if (!user || user.site.id !== p.siteId) throw notFound('User');
    requireAdmin(ctx, user.site.id);
    if (p.kind === 'USER' && p.userId === userId) throw badInput('An admin cannot delete themself', 'userId');
    const siteId = user.site.id;
    const { records, targets, bumped, revocation } = await ctx.em.fork().transactional(async (tem) => {
      const now = new Date();
      const live = await tem.findOneOrFail(User, userId);
      const pins = await tem.find(Pin, { user: userId, status: { $in: [PinStatus.ACTIVE, PinStatus.BLOCKED] } });
      for (const pin of pins) {
        if (pin.status === PinStatus.ACTIVE) await PinLengthCounts.add(tem, siteId, pin.length, -1);
        Object.assign(pin, { status: PinStatus.REPLACED, retiredAt: now });
      }
      const permissions = await tem.find(Permission, { user: userId });
      Object.assign(live, { deletedAt: now, slackUserId: null });
      await tem.flush();
      await tem.nativeDelete(Permission, { user: userId });
      if (pins.length > 0) await tem.nativeDelete(BridgeVerifier, { pinId: { $in: pins.map((pin) => pin.id) } });
      const records = await this.events.append(tem, siteId, [{ type: PinEventType.USER_DELETED, userId }]);
      const targets: CacheTargets = {
        pins: pins.map((pin) => ({ siteId, digest: pin.digest })),
        grants: permissions.map((pm) => ({ userId, lockId: pm.lock.id })),
      };
      const bumped = await this.sync.markPending(tem, targets, records[0].seq);
      const revocation = await this.tokens.revokeUserTokens(tem, siteId, userId);
      return { records, targets, bumped, revocation };
    });
    this.events.committed(records);
    await Promise.all([this.tokens.settle(revocation), this.sync.refresh(ctx.em.fork(), targets, bumped)]);
    return true;
  }

  /** The caller's own user; null for bridge and service tokens. */
  async me(ctx: RequestContext): Promise<User | null> {
    const p = callerOf(ctx);
    return p.kind === 'USER' ? ctx.em.findOne(User, p.userId) : null;
  }

  async get(ctx: RequestContext, id: string): Promise<User> {
    const userId = parseId(id, 'id');
    const p = callerOf(ctx);
    const user = await ctx.em.findOne(User, userId);
    if (!user || user.site.id !== p.siteId) throw notFound('User');
    if (!canSeeUser(p, user)) throw forbidden('Not allowed to read this user');
    return user;
  }

  /** Who blocked a PIN, when that was another user of the site the caller may read; else null. */
  async blockerOf(ctx: RequestContext, pin: Pin): Promise<User | null> {
    if (pin.status !== PinStatus.BLOCKED || !pin.blockedBy || pin.blockedBy === pin.user.id) return null;
    const p = callerOf(ctx);
    const user = await ctx.em.findOne(User, { id: pin.blockedBy, site: pin.site.id });
    return user && canSeeUser(p, user) ? user : null;
  }

  /** The user linked to a Slack account, or null: for admins and the Slack service of the site. */
  async bySlackId(ctx: RequestContext, siteIdRaw: string, slackUserId: string): Promise<User | null> {
    const siteId = parseId(siteIdRaw, 'siteId');
    const p = callerOf(ctx);
    assertSameSite(p, siteId, 'Site');
    if (p.kind !== 'SERVICE' && !isAdminOf(p, siteId)) throw forbidden('Only an admin or the site service may look up Slack users');
    if (typeof slackUserId !== 'string' || slackUserId.length === 0 || slackUserId.length > 64) {
      throw badInput('slackUserId is not valid', 'slackUserId');
    }
    return ctx.em.findOne(User, { site: siteId, slackUserId });
  }

  /**
   * Users of a site, ordered by id: all for admins, Slack-linked ones for the service. `search`
   * keeps those whose name or email contains it, ignoring case (LIKE wildcards in it are literal).
   */
  async listForSite(ctx: RequestContext, site: Site, page: Page, search?: string | null): Promise<User[]> {
    const qb = this.siteUsers(ctx, site, search);
    if (page.after) qb.andWhere({ id: { $gt: parseId(page.after, 'after') } });
    return qb.orderBy({ id: 'asc' }).limit(page.first).getResultList();
  }

  /** How many users `listForSite` would page through with the same `search`. */
  async countForSite(ctx: RequestContext, site: Site, search?: string | null): Promise<number> {
    return this.siteUsers(ctx, site, search).getCount();
  }

  private siteUsers(ctx: RequestContext, site: Site, search: string | null | undefined) {
    const p = callerOf(ctx);
    assertSameSite(p, site.id, 'Site');
    const where: Record<string, unknown> = { site: site.id, deletedAt: null };
    if (p.kind === 'SERVICE') where.slackUserId = { $ne: null };
    else if (!isAdminOf(p, site.id)) throw forbidden('Only an admin may list the users of a site');
    const qb = ctx.em.createQueryBuilder(User, 'u').select('*').where(where);
    const term = cleanSearch(search);
    if (term) {
      const pattern = `%${term.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere("(lower(u.name) like ? escape '!' or lower(u.email) like ? escape '!')", [pattern, pattern]);
    }
    return qb;
  }
}
