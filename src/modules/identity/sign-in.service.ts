import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { callerOf, isAdminOf } from '../../shared/authorize';
import { DomainError, ErrorCode, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { intInRange } from '../../shared/validate';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import type { AttemptLimiter } from '../limits/attempt-limiter.port';
import { PrincipalKind } from '../token/token.entity';
import type { TokenService } from '../token/token.service';
import { User } from '../user/user.entity';
import { SignInLink } from './sign-in-link.entity';

export interface SignInServiceOptions {
  tokens: TokenService;
  events: EventLog;
  /** Refused codes per client address (SIGN_IN_ATTEMPTS). */
  attempts: AttemptLimiter;
  /** The origin links point at, e.g. https://pins.example.com. */
  publicUrl: string;
  sessionTtlHours: number;
  now?: () => number;
}

export interface IssuedSignInLink {
  id: string;
  /** `<publicUrl>/sign-in#code=<code>`: the code rides in the fragment, which no server or Referer sees. */
  url: string;
  expiresAt: Date;
}

export interface IssuedSession {
  id: string;
  /** The session's bearer token; shown once. */
  token: string;
  expiresAt: Date;
  user: User;
}

/** Admins invite for up to 7 days; the Slack service's links live an hour at most. */
export const ADMIN_LINK_MAX_MINUTES = 7 * 24 * 60;
export const SERVICE_LINK_MAX_MINUTES = 60;
const CODE = /^[A-Za-z0-9_-]{22}$/;

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** The same answer for an unknown, used or expired code, or a deleted user: no oracle. */
class RefusedCode extends DomainError {
  constructor() {
    super(ErrorCode.UNAUTHENTICATED, 'This sign-in link is invalid, used or expired: ask for a new one');
  }
}

/** One-use sign-in links and the sessions they give (DESIGN.md rules 12 and 13). */
export class SignInService {
  private readonly now: () => number;

  constructor(private readonly o: SignInServiceOptions) {
    this.now = o.now ?? Date.now;
  }

  /**
   * A link for a user: an admin of the user's site (1 to 10 080 minutes), or the site's Slack
   * service for a Slack-linked user (1 to 60). NOT_FOUND across sites, FORBIDDEN for anyone else,
   * BAD_USER_INPUT out of range. Records SIGN_IN_LINK_CREATED (who, for whom; never the code).
   */
  async createLink(ctx: RequestContext, userIdRaw: string, minutes: number): Promise<IssuedSignInLink> {
    const userId = parseId(userIdRaw, 'userId');
    const p = callerOf(ctx);
    const user = await ctx.em.findOne(User, userId);
    if (!user || user.site.id !== p.siteId) throw notFound('User');
    let max: number;
    if (isAdminOf(p, user.site.id)) max = ADMIN_LINK_MAX_MINUTES;
    else if (p.kind === 'SERVICE' && user.slackUserId !== null) max = SERVICE_LINK_MAX_MINUTES;
    else throw forbidden('Only an admin of the site, or its Slack service for a linked user, makes sign-in links');
    intInRange(minutes, 'expiresInMinutes', 1, max);
    return this.makeLink(ctx.em, user.id, minutes, actorId(p));
  }

  /** A link for any user, by the CLI (recorded with actor 'cli'); 1 to 10 080 minutes. */
  async createLinkByCli(em: EntityManager, userIdRaw: string, minutes: number): Promise<IssuedSignInLink> {
    const userId = parseId(userIdRaw, 'userId');
    intInRange(minutes, 'minutes', 1, ADMIN_LINK_MAX_MINUTES);
    if (!(await em.findOne(User, userId))) throw notFound('User');
    return this.makeLink(em, userId, minutes, 'cli');
  }

  /** The link a session was redeemed from (for its user and the site's admins, who see the session). */
  linkOf(em: EntityManager, linkId: string | null): Promise<SignInLink | null> {
    return linkId ? em.findOne(SignInLink, linkId) : Promise.resolve(null);
  }

  /**
   * Redeems a code for a session of `sessionTtlHours`. A slot of the client address's limit is
   * reserved before the code is looked at (RATE_LIMITED with `retryAfterSeconds` when none is
   * left); a refused code keeps it for a minute, a session gives it back. Exactly one of any
   * number of concurrent redeems of a code wins (a conditional update). Records SIGNED_IN with
   * the link's id, never the code.
   */
  async redeem(em: EntityManager, code: string, clientAddress: string): Promise<IssuedSession> {
    const slot = await this.o.attempts.reserve(clientAddress.slice(0, 100) || 'unknown');
    if (!slot.ok) {
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many refused sign-in links: try again later', { retryAfterSeconds: slot.retryAfterSeconds });
    }
    try {
      const session = await this.take(em, code);
      await this.o.attempts.release(slot.reservation).catch(() => undefined);
      return session;
    } catch (err) {
      if (err instanceof RefusedCode) await this.o.attempts.confirm(slot.reservation);
      else await this.o.attempts.release(slot.reservation).catch(() => undefined);
      throw err;
    }
  }

  private async take(em: EntityManager, code: string): Promise<IssuedSession> {
    if (typeof code !== 'string' || !CODE.test(code)) throw new RefusedCode();
    const codeHash = hashCode(code);
    const now = new Date(this.now());
    const { session, records } = await em.fork().transactional(async (tem) => {
      const taken = await tem.nativeUpdate(SignInLink, { codeHash, usedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
      if (taken !== 1) throw new RefusedCode();
      const link = await tem.findOneOrFail(SignInLink, { codeHash });
      const user = await tem.findOne(User, link.user.id);
      if (!user) throw new RefusedCode();
      const expiresAt = new Date(now.getTime() + this.o.sessionTtlHours * 3_600_000);
      const issued = await this.o.tokens.issue(tem, { kind: PrincipalKind.USER, site: user.site, user, createdBy: user.id, expiresAt, signInLinkId: link.id });
      link.sessionTokenId = issued.id;
      await tem.flush();
      const records = await this.o.events.append(tem, user.site.id, [{ type: PinEventType.SIGNED_IN, userId: user.id, actorId: user.id, refId: link.id }]);
      return { session: { id: issued.id, token: issued.token, expiresAt, user }, records };
    });
    this.o.events.committed(records);
    return session;
  }

  private async makeLink(em: EntityManager, userId: string, minutes: number, actor: string): Promise<IssuedSignInLink> {
    const code = randomBytes(16).toString('base64url');
    const now = this.now();
    const { link, records } = await em.fork().transactional(async (tem) => {
      const user = await tem.findOneOrFail(User, userId);
      const link = tem.create(SignInLink, { site: user.site, user, codeHash: hashCode(code), createdBy: actor, createdAt: new Date(now), expiresAt: new Date(now + minutes * 60_000) });
      await tem.flush();
      const records = await this.o.events.append(tem, user.site.id, [{ type: PinEventType.SIGN_IN_LINK_CREATED, userId, actorId: actor, refId: link.id }]);
      return { link, records };
    });
    this.o.events.committed(records);
    return { id: link.id, url: `${this.o.publicUrl}/sign-in#code=${code}`, expiresAt: link.expiresAt };
  }
}
