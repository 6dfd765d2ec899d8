import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { actorId, type Principal } from '../../shared/principal';
import { callerOf, isAdminOf, requireAdmin } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { cleanName } from '../../shared/validate';
import { Lock } from '../lock/lock.entity';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';
import { AccessToken, PrincipalKind } from './token.entity';
import type { TokenUsageTracker } from './token-usage.tracker';

export interface IssuedToken {
  id: string;
  /** The secret; returned once, stored only as its SHA-256. */
  token: string;
  expiresAt: Date | null;
}

export interface TokenFields {
  kind: PrincipalKind;
  site: Site;
  user?: User | null;
  name?: string | null;
  lockIds?: string[] | null;
  createdBy?: string | null;
  expiresAt?: Date | null;
  /** Makes the token a session: the sign-in link it was redeemed from. */
  signInLinkId?: string | null;
}

/** BRIDGE and SERVICE tokens may be made to expire, at most this far ahead (5 years). */
const MAX_TOKEN_LIFETIME_MS = 5 * 366 * 24 * 3_600_000;

const TOKEN_PREFIX = 'pgt_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Not expired at `now`: no expiry, or one still ahead. */
const live = (now: number) => ({ $or: [{ expiresAt: null }, { expiresAt: { $gt: new Date(now) } }] });

/** Called when a token is revoked (sockets of that token close). */
export type TokenRevoked = (tokenId: string) => void;

/** How long a node trusts a principal it looked up; a revocation on this node forgets it at once. */
const PRINCIPAL_TTL_MS = 2_000;

export class TokenService {
  private readonly revokedListeners: TokenRevoked[] = [];
  private readonly principals = new Map<string, { principal: Principal; until: number }>();

  /**
   * @param now the time tokens expire against (epoch ms)
   * @param usage where uses are recorded for `lastUsedAt` (none: not recorded)
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly usage: TokenUsageTracker | null = null,
  ) {}

  onRevoked(listener: TokenRevoked): void {
    this.revokedListeners.push(listener);
  }

  /**
   * Forgets a cached principal (its token was revoked, here or on another node). Revocation takes
   * effect on this node at once and on every node within PRINCIPAL_TTL_MS at the latest.
   */
  forget(tokenId: string): void {
    for (const [hash, cached] of this.principals) if (cached.principal.tokenId === tokenId) this.principals.delete(hash);
  }

  /** The principal behind a bearer token, or null when it is unknown, revoked or expired. */
  async authenticate(em: EntityManager, token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const hash = hashToken(token);
    const now = this.now();
    const cached = this.principals.get(hash);
    if (cached && cached.until > now) {
      this.usage?.touch(cached.principal.tokenId, now);
      return cached.principal;
    }
    const found = await this.lookUp(em, hash, now);
    if (found) {
      if (this.principals.size > 10_000) this.principals.clear();
      // An expiring token is trusted no longer than it lives.
      this.principals.set(hash, { principal: found.principal, until: Math.min(now + PRINCIPAL_TTL_MS, found.expiresAt ?? Infinity) });
      this.usage?.touch(found.principal.tokenId, now);
    } else {
      this.principals.delete(hash);
    }
    return found?.principal ?? null;
  }

  private async lookUp(em: EntityManager, tokenHash: string, now: number): Promise<{ principal: Principal; expiresAt: number | null } | null> {
    const row = await em.findOne(AccessToken, { tokenHash, revokedAt: null, ...live(now) }, { populate: ['user'] });
    if (!row) return null;
    const principal = this.principalOf(row);
    return principal ? { principal, expiresAt: row.expiresAt?.getTime() ?? null } : null;
  }

  private principalOf(row: AccessToken): Principal | null {
    const siteId = row.site.id;
    switch (row.kind) {
      case PrincipalKind.USER:
        if (!row.user) return null;
        return { kind: 'USER', tokenId: row.id, siteId, userId: row.user.id, role: row.user.role };
      case PrincipalKind.BRIDGE:
        return { kind: 'BRIDGE', tokenId: row.id, siteId, lockIds: row.lockIds ? row.lockIds.split(',') : null };
      case PrincipalKind.SERVICE:
        return { kind: 'SERVICE', tokenId: row.id, siteId };
    }
  }

  /** Which of these token ids are revoked, expired or gone: their live sockets must close. */
  async revokedAmong(em: EntityManager, tokenIds: readonly string[]): Promise<string[]> {
    if (tokenIds.length === 0) return [];
    const found = await em.find(AccessToken, { id: { $in: [...tokenIds] }, revokedAt: null, ...live(this.now()) }, { fields: ['id'] });
    const alive = new Set(found.map((t) => t.id));
    return tokenIds.filter((id) => !alive.has(id));
  }

  /**
   * Issues a token inside the caller's transaction (`flush`ed, not committed): the CLI's first
   * admin token, and sessions made by redeeming a sign-in link.
   */
  async issue(em: EntityManager, fields: TokenFields): Promise<IssuedToken> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = em.create(AccessToken, {
      tokenHash: hashToken(token),
      kind: fields.kind,
      site: fields.site,
      user: fields.user ?? null,
      name: fields.name ?? null,
      lockIds: fields.lockIds?.length ? fields.lockIds.join(',') : null,
      createdBy: fields.createdBy ?? null,
      createdAt: new Date(this.now()),
      expiresAt: fields.expiresAt ?? null,
      signInLinkId: fields.signInLinkId ?? null,
    });
    await em.flush();
    return { id: row.id, token, expiresAt: row.expiresAt };
  }

  async createBridgeToken(ctx: RequestContext, input: { siteId: string; name: string; lockIds?: string[] | null; expiresAt?: Date | null }): Promise<IssuedToken> {
    const siteId = parseId(input.siteId, 'siteId');
    const name = cleanName(input.name);
    const expiresAt = this.cleanExpiry(input.expiresAt);
    const lockIds = input.lockIds ? [...new Set(input.lockIds.map((id) => parseId(id, 'lockIds')))] : null;
    if (lockIds && lockIds.length === 0) throw badInput('lockIds must name at least one lock, or be left out', 'lockIds');
    const p = requireAdmin(ctx, siteId);
    return ctx.em.transactional(async (tem) => {
      const site = await tem.findOneOrFail(Site, siteId);
      if (lockIds) {
        const found = await tem.count(Lock, { id: { $in: lockIds }, site: siteId });
        if (found !== lockIds.length) throw notFound('Lock');
      }
      return this.issue(tem, { kind: PrincipalKind.BRIDGE, site, name, lockIds, createdBy: actorId(p), expiresAt });
    });
  }

  async createServiceToken(ctx: RequestContext, siteIdRaw: string, nameRaw: string, expiresAtRaw?: Date | null): Promise<IssuedToken> {
    const siteId = parseId(siteIdRaw, 'siteId');
    const name = cleanName(nameRaw);
    const expiresAt = this.cleanExpiry(expiresAtRaw);
    const p = requireAdmin(ctx, siteId);
    return ctx.em.transactional(async (tem) => {
      const site = await tem.findOneOrFail(Site, siteId);
      return this.issue(tem, { kind: PrincipalKind.SERVICE, site, name, createdBy: actorId(p), expiresAt });
    });
  }

  /** Revokes a token: an admin of its site, or the user it belongs to. Idempotent. */
  async revoke(ctx: RequestContext, idRaw: string): Promise<boolean> {
    const id = parseId(idRaw, 'id');
    const p = callerOf(ctx);
    await ctx.em.transactional(async (tem) => {
      const row = await tem.findOne(AccessToken, id);
      if (!row || row.site.id !== p.siteId) throw notFound('Token');
      const own = p.kind === 'USER' && row.user?.id === p.userId;
      if (!own && !(p.kind === 'USER' && p.role === 'ADMIN')) throw forbidden('Only an admin or the token owner may revoke it');
      await this.revokeRow(tem, row);
    });
    this.announceRevoked(id);
    return true;
  }

  /**
   * Ends the caller's session (`signOut`, `POST /auth/sign-out`). Only a session made by redeeming
   * a sign-in link signs out: any other token is BAD_USER_INPUT (revoke it with `revokeToken`).
   */
  async endSession(ctx: RequestContext): Promise<boolean> {
    const p = callerOf(ctx);
    await ctx.em.transactional(async (tem) => {
      const row = await tem.findOne(AccessToken, p.tokenId);
      if (!row) throw notFound('Token');
      if (p.kind !== 'USER' || row.signInLinkId === null) throw badInput('Only a session signs out; revoke other tokens with revokeToken');
      await this.revokeRow(tem, row);
    });
    this.announceRevoked(p.tokenId);
    return true;
  }

  /**
   * Marks a token row revoked inside the caller's transaction: the one place a token is revoked
   * (revokeToken, signOut). The caller announces it after commit.
   */
  async revokeRow(tem: EntityManager, row: AccessToken): Promise<void> {
    row.revokedAt ??= new Date(this.now());
    await tem.flush();
  }

  /**
   * The credentials of a site, without their secrets, ordered by id: for its admins. Revoked and
   * expired ones only with `includeRevoked`.
   */
  async listForSite(ctx: RequestContext, siteId: string, page: { first: number; after: string | null }, includeRevoked: boolean): Promise<AccessToken[]> {
    requireAdmin(ctx, siteId);
    const where: Record<string, unknown> = { site: siteId };
    if (!includeRevoked) Object.assign(where, { revokedAt: null, ...live(this.now()) });
    if (page.after) where.id = { $gt: parseId(page.after, 'after') };
    return ctx.em.find(AccessToken, where, { orderBy: { id: 'asc' }, limit: page.first });
  }

  /**
   * A user's sessions, newest first (the last 50, ended ones included): for the user and the
   * admins of their site; FORBIDDEN for anyone else.
   */
  async sessionsOf(ctx: RequestContext, user: User): Promise<AccessToken[]> {
    const p = callerOf(ctx);
    const self = p.kind === 'USER' && p.userId === user.id;
    if (!self && !isAdminOf(p, user.site.id)) throw forbidden('Only the user and the admins of their site see their sessions');
    return ctx.em.find(AccessToken, { user: user.id, signInLinkId: { $ne: null } }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: 50 });
  }

  private cleanExpiry(expiresAt: Date | null | undefined): Date | null {
    if (expiresAt === null || expiresAt === undefined) return null;
    const at = expiresAt.getTime();
    const now = this.now();
    if (!Number.isFinite(at) || at <= now) throw badInput('expiresAt must be in the future', 'expiresAt');
    if (at > now + MAX_TOKEN_LIFETIME_MS) throw badInput('expiresAt must be within 5 years', 'expiresAt');
    return expiresAt;
  }

  /** Tells this node's listeners (open sockets) and principal cache that a token was revoked. */
  announceRevoked(tokenId: string): void {
    this.forget(tokenId);
    for (const listener of this.revokedListeners) listener(tokenId);
  }
}
