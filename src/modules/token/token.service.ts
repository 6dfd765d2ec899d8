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
import type { CredentialsChange, CredentialsVersions } from './credentials-version.sync';
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

/**
 * How long a node keeps a principal it looked up. Within it, the principal is trusted only while
 * the site's credentials version is the one it was read under (checked per request).
 */
const PRINCIPAL_TTL_MS = 60_000;

interface CachedPrincipal {
  principal: Principal;
  /** The site's credentials version read together with the token row. */
  version: number;
  until: number;
}

interface TokenRow {
  id: string;
  kind: PrincipalKind;
  site_id: string;
  user_id: string | null;
  lock_ids: string | null;
  role: 'ADMIN' | 'USER' | null;
  expires_at: unknown;
  credentials_version: number | string;
}

/** A timestamp as the driver returns it (Date, epoch number or string), in epoch ms; null for none. */
function epochMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : new Date(text).getTime();
}

/** Credentials taken away in a transaction: `settle` it after commit, before the mutation returns. */
export interface Revocation {
  tokenIds: string[];
  changes: CredentialsChange[];
}

export class TokenService {
  private readonly revokedListeners: TokenRevoked[] = [];
  private readonly principals = new Map<string, CachedPrincipal>();

  /**
   * @param versions the sites' credentials versions, shared by every node
   * @param now the time tokens expire against (epoch ms)
   * @param usage where uses are recorded for `lastUsedAt` (none: not recorded)
   */
  constructor(
    private readonly versions: CredentialsVersions,
    private readonly now: () => number = Date.now,
    private readonly usage: TokenUsageTracker | null = null,
  ) {}

  onRevoked(listener: TokenRevoked): void {
    this.revokedListeners.push(listener);
  }

  /** Forgets a cached principal (its token was revoked, here or on another node). */
  forget(tokenId: string): void {
    for (const [hash, cached] of this.principals) if (cached.principal.tokenId === tokenId) this.principals.delete(hash);
  }

  /**
   * The principal behind a bearer token, or null when it is unknown, revoked or expired. A
   * principal kept in memory is used only when the shared cache holds the site's credentials
   * version it was read under (one cache read); otherwise, and whenever the cache cannot answer,
   * the database decides.
   */
  async authenticate(em: EntityManager, token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const hash = hashToken(token);
    const now = this.now();
    const cached = this.principals.get(hash);
    if (cached && cached.until > now && (await this.versions.isCurrent(cached.principal.siteId, cached.version))) {
      this.usage?.touch(cached.principal.tokenId, now);
      return cached.principal;
    }
    const found = await this.lookUp(em, hash, now);
    if (found) {
      if (this.principals.size > 10_000) this.principals.clear();
      // An expiring token is trusted no longer than it lives.
      this.principals.set(hash, { principal: found.principal, version: found.version, until: Math.min(now + PRINCIPAL_TTL_MS, found.expiresAt ?? Infinity) });
      this.versions.fill(found.principal.siteId, found.version);
      this.usage?.touch(found.principal.tokenId, now);
      return found.principal;
    }
    this.principals.delete(hash);
    return null;
  }

  /** The token row, its user's role and its site's credentials version, from one snapshot. */
  private async lookUp(em: EntityManager, tokenHash: string, now: number): Promise<{ principal: Principal; version: number; expiresAt: number | null } | null> {
    const row = (await em.execute(
      `select t.id, t.kind, t.site_id, t.user_id, t.lock_ids, t.expires_at, u.role, s.credentials_version
       from access_token t join site s on s.id = t.site_id left join app_user u on u.id = t.user_id and u.deleted_at is null
       where t.token_hash = ? and t.revoked_at is null`,
      [tokenHash],
      'get',
    )) as TokenRow | undefined;
    if (!row) return null;
    const expiresAt = epochMs(row.expires_at);
    if (expiresAt !== null && expiresAt <= now) return null;
    const principal = toPrincipal(row);
    return principal ? { principal, version: Number(row.credentials_version), expiresAt } : null;
  }

  /**
   * Which of these token ids may no longer follow events: revoked, expired, gone, or a user token
   * whose user is deleted or no longer an admin. Their live sockets must close.
   */
  async revokedAmong(em: EntityManager, tokenIds: readonly string[]): Promise<string[]> {
    if (tokenIds.length === 0) return [];
    const rows = (await em.execute(
      `select t.id, t.expires_at from access_token t left join app_user u on u.id = t.user_id and u.deleted_at is null
       where t.id in (${tokenIds.map(() => '?').join(', ')}) and t.revoked_at is null and (t.kind <> ? or u.role = ?)`,
      [...tokenIds, PrincipalKind.USER, 'ADMIN'],
    )) as Array<{ id: string; expires_at: unknown }>;
    const now = this.now();
    const alive = new Set(rows.filter((t) => { const at = epochMs(t.expires_at); return at === null || at > now; }).map((t) => t.id));
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
    const revocation = await ctx.em.transactional(async (tem) => {
      const row = await tem.findOne(AccessToken, id);
      if (!row || row.site.id !== p.siteId) throw notFound('Token');
      const own = p.kind === 'USER' && row.user?.id === p.userId;
      if (!own && !(p.kind === 'USER' && p.role === 'ADMIN')) throw forbidden('Only an admin or the token owner may revoke it');
      return this.revokeRow(tem, row);
    });
    await this.settle(revocation);
    return true;
  }

  /**
   * Revokes a token without a caller check (ending the calling session, the CLI), in a transaction
   * of its own; every node refuses it when this resolves. False when there is no such token.
   */
  async revokeById(em: EntityManager, tokenId: string): Promise<boolean> {
    const revocation = await em.fork().transactional(async (tem) => {
      const row = await tem.findOne(AccessToken, tokenId);
      return row ? this.revokeRow(tem, row) : null;
    });
    if (!revocation) return false;
    await this.settle(revocation);
    return true;
  }

  /**
   * Ends the caller's session (`signOut`, `POST /auth/sign-out`). Only a session made by redeeming
   * a sign-in link signs out: any other token is BAD_USER_INPUT (revoke it with `revokeToken`).
   */
  async endSession(ctx: RequestContext): Promise<boolean> {
    const p = callerOf(ctx);
    const revocation = await ctx.em.transactional(async (tem) => {
      const row = await tem.findOne(AccessToken, p.tokenId);
      if (!row) throw notFound('Token');
      if (p.kind !== 'USER' || row.signInLinkId === null) throw badInput('Only a session signs out; revoke other tokens with revokeToken');
      return this.revokeRow(tem, row);
    });
    await this.settle(revocation);
    return true;
  }

  /**
   * Revokes a token row inside the caller's transaction (as its last write) and raises its site's
   * credentials version. After commit, `settle` the result before the mutation returns.
   */
  async revokeRow(tem: EntityManager, row: AccessToken): Promise<Revocation> {
    row.revokedAt ??= new Date(this.now());
    await tem.flush();
    return { tokenIds: [row.id], changes: [await this.versions.bump(tem, row.site.id)] };
  }

  /** Revokes every live token of a user, inside the caller's transaction; `settle` it after commit. */
  async revokeUserTokens(tem: EntityManager, siteId: string, userId: string): Promise<Revocation> {
    const rows = await tem.find(AccessToken, { user: userId, revokedAt: null });
    const now = new Date();
    for (const row of rows) row.revokedAt = now;
    await tem.flush();
    return { tokenIds: rows.map((r) => r.id), changes: [await this.versions.bump(tem, siteId)] };
  }

  /**
   * Makes every node re-read the principals of a site because a user's role changed, inside the
   * caller's transaction; `settle` it after commit (this node's sockets of that user close then).
   */
  async credentialsChanged(tem: EntityManager, siteId: string, userId: string): Promise<Revocation> {
    const rows = await tem.find(AccessToken, { user: userId, revokedAt: null }, { fields: ['id'] });
    return { tokenIds: rows.map((r) => r.id), changes: [await this.versions.bump(tem, siteId)] };
  }

  /**
   * After the commit of a revocation: this node forgets the principals and closes their sockets at
   * once, and this resolves when every node refuses them.
   */
  async settle(revocation: Revocation): Promise<void> {
    for (const id of revocation.tokenIds) this.announceRevoked(id);
    await this.versions.settle(...revocation.changes);
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

function toPrincipal(row: TokenRow): Principal | null {
  switch (row.kind) {
    case PrincipalKind.USER:
      if (!row.user_id || !row.role) return null;
      return { kind: 'USER', tokenId: row.id, siteId: row.site_id, userId: row.user_id, role: row.role };
    case PrincipalKind.BRIDGE:
      return { kind: 'BRIDGE', tokenId: row.id, siteId: row.site_id, lockIds: row.lock_ids ? row.lock_ids.split(',') : null };
    case PrincipalKind.SERVICE:
      return { kind: 'SERVICE', tokenId: row.id, siteId: row.site_id };
  }
  return null;
}
