import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { actorId, type Principal } from '../../shared/principal';
import { callerOf, requireAdmin } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { cleanName } from '../../shared/validate';
import { Lock } from '../lock/lock.entity';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';
import { AccessToken, PrincipalKind } from './token.entity';

export interface IssuedToken {
  id: string;
  /** The secret; returned once, stored only as its SHA-256. */
  token: string;
}

const TOKEN_PREFIX = 'pgt_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Called when a token is revoked (sockets of that token close). */
export type TokenRevoked = (tokenId: string) => void;

/** How long a node trusts a principal it looked up; a revocation on this node forgets it at once. */
const PRINCIPAL_TTL_MS = 2_000;

export class TokenService {
  private readonly revokedListeners: TokenRevoked[] = [];
  private readonly principals = new Map<string, { principal: Principal; until: number }>();

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

  /** The principal behind a bearer token, or null when it is unknown or revoked. */
  async authenticate(em: EntityManager, token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
    const hash = hashToken(token);
    const now = Date.now();
    const cached = this.principals.get(hash);
    if (cached && cached.until > now) return cached.principal;
    const principal = await this.lookUp(em, hash);
    if (principal) {
      if (this.principals.size > 10_000) this.principals.clear();
      this.principals.set(hash, { principal, until: now + PRINCIPAL_TTL_MS });
    } else {
      this.principals.delete(hash);
    }
    return principal;
  }

  private async lookUp(em: EntityManager, tokenHash: string): Promise<Principal | null> {
    const row = await em.findOne(AccessToken, { tokenHash, revokedAt: null }, { populate: ['user'] });
    if (!row) return null;
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

  /** Which of these token ids are revoked (or gone): their live sockets must close. */
  async revokedAmong(em: EntityManager, tokenIds: readonly string[]): Promise<string[]> {
    if (tokenIds.length === 0) return [];
    const live = await em.find(AccessToken, { id: { $in: [...tokenIds] }, revokedAt: null }, { fields: ['id'] });
    const alive = new Set(live.map((t) => t.id));
    return tokenIds.filter((id) => !alive.has(id));
  }

  /** Issues a token without a caller: the CLI's first admin token. */
  async issue(em: EntityManager, fields: { kind: PrincipalKind; site: Site; user?: User | null; name?: string | null; lockIds?: string[] | null; createdBy?: string | null }): Promise<IssuedToken> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = em.create(AccessToken, {
      tokenHash: hashToken(token),
      kind: fields.kind,
      site: fields.site,
      user: fields.user ?? null,
      name: fields.name ?? null,
      lockIds: fields.lockIds?.length ? fields.lockIds.join(',') : null,
      createdBy: fields.createdBy ?? null,
    });
    await em.flush();
    return { id: row.id, token };
  }

  /** A token for a user: their admin, or the user themself. */
  async createUserToken(ctx: RequestContext, userIdRaw: string): Promise<IssuedToken> {
    const userId = parseId(userIdRaw, 'userId');
    const p = callerOf(ctx);
    return ctx.em.transactional(async (tem) => {
      const user = await tem.findOne(User, userId);
      if (!user || user.site.id !== p.siteId) throw notFound('User');
      const self = p.kind === 'USER' && p.userId === user.id;
      if (!self) requireAdmin(ctx, user.site.id);
      return this.issue(tem, { kind: PrincipalKind.USER, site: user.site, user, createdBy: actorId(p) });
    });
  }

  async createBridgeToken(ctx: RequestContext, input: { siteId: string; name: string; lockIds?: string[] | null }): Promise<IssuedToken> {
    const siteId = parseId(input.siteId, 'siteId');
    const name = cleanName(input.name);
    const lockIds = input.lockIds ? [...new Set(input.lockIds.map((id) => parseId(id, 'lockIds')))] : null;
    if (lockIds && lockIds.length === 0) throw badInput('lockIds must name at least one lock, or be left out', 'lockIds');
    const p = requireAdmin(ctx, siteId);
    return ctx.em.transactional(async (tem) => {
      const site = await tem.findOneOrFail(Site, siteId);
      if (lockIds) {
        const found = await tem.count(Lock, { id: { $in: lockIds }, site: siteId });
        if (found !== lockIds.length) throw notFound('Lock');
      }
      return this.issue(tem, { kind: PrincipalKind.BRIDGE, site, name, lockIds, createdBy: actorId(p) });
    });
  }

  async createServiceToken(ctx: RequestContext, siteIdRaw: string, nameRaw: string): Promise<IssuedToken> {
    const siteId = parseId(siteIdRaw, 'siteId');
    const name = cleanName(nameRaw);
    const p = requireAdmin(ctx, siteId);
    return ctx.em.transactional(async (tem) => {
      const site = await tem.findOneOrFail(Site, siteId);
      return this.issue(tem, { kind: PrincipalKind.SERVICE, site, name, createdBy: actorId(p) });
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
      row.revokedAt ??= new Date();
    });
    this.announceRevoked(id);
    return true;
  }

  /** Tells this node's listeners (open sockets) and principal cache that a token was revoked. */
  announceRevoked(tokenId: string): void {
    this.forget(tokenId);
    for (const listener of this.revokedListeners) listener(tokenId);
  }
}
