import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { callerOf } from '../../shared/authorize';
import type { Clock } from '../../shared/clock';
import { badInput, DomainError, ErrorCode, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId, type Principal } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import type { AccessCacheSync, CacheTargets } from '../access/access-cache.sync';
import { Site, SitePlan } from '../site/site.entity';
import { User } from '../user/user.entity';
import { Pin, PinKind, PinStatus } from './pin.entity';
import type { PinIssuer } from './pin.issuer';
import { PinRefusal } from './pin-refusal.entity';
import { assertMayTouchPins } from './pin.policy';
import { isWeakPin } from './pin.strength';

export interface PinAssignment {
  pin: Pin;
  /** The digits: returned once, here, and never stored. */
  code: string;
}

export interface AssignPinRequest {
  userId?: string | null;
  kind?: PinKind | null;
  code?: string | null;
}


/** One message for every refused custom PIN, so the form is no oracle (DESIGN.md rule 7). */
export const PIN_NOT_ALLOWED_MESSAGE = 'This PIN cannot be used. Choose another one.';
const REFUSALS_PER_HOUR = 5;
const HOUR_MS = 3_600_000;
const ISSUE_ATTEMPTS = 5;

class Refused extends Error {}

const pinTargets = (pins: readonly Pin[]): CacheTargets => ({ pins: pins.map((p) => ({ siteId: p.site.id, digest: p.digest })) });

const isUniqueOn = (err: unknown, column: 'digest' | 'kind'): boolean =>
  err instanceof UniqueConstraintViolationException &&
  (err.message.includes(column === 'digest' ? 'pin_site_digest_live_unique' : 'pin_user_kind_active_unique') ||
    err.message.includes(`pin.${column}`));

export class PinService {
  constructor(
    private readonly issuer: PinIssuer,
    private readonly events: EventLog,
    private readonly clock: Clock,
    private readonly sync: AccessCacheSync,
  ) {}

  async assign(ctx: RequestContext, req: AssignPinRequest): Promise<PinAssignment> {
    const p = callerOf(ctx);
    const kind = req.kind ?? PinKind.AUTO;
    const userId = this.targetUser(p, req.userId);
    const code = this.checkCodeShape(kind, req.code);
    const result = await this.issue(ctx, userId, kind, code, async (tem, user, site) => {
      assertMayTouchPins(p, user, 'issue', kind);
      if (kind === PinKind.CUSTOM) this.assertCustomAvailable(site);
      const taken = await tem.count(Pin, { user: user.id, kind, status: PinStatus.ACTIVE });
      if (taken > 0) throw new DomainError(ErrorCode.PIN_ALREADY_ASSIGNED, `The user already has an active ${kind} PIN`);
      return { type: PinEventType.PIN_ASSIGNED, replaced: null };
    });
    return result;
  }

  async reassign(ctx: RequestContext, pinIdRaw: string, codeRaw?: string | null): Promise<PinAssignment> {
    const p = callerOf(ctx);
    const pinId = parseId(pinIdRaw, 'pinId');
    const old = await ctx.em.findOne(Pin, pinId, { populate: ['user'] });
    if (!old || old.site.id !== p.siteId) throw notFound('Pin');
    const code = this.checkCodeShape(old.kind, codeRaw);
    return this.issue(ctx, old.user.id, old.kind, code, async (tem, user, site) => {
      assertMayTouchPins(p, user, 'issue', old.kind);
      if (old.kind === PinKind.CUSTOM) this.assertCustomAvailable(site);
      const current = await tem.findOneOrFail(Pin, pinId);
      if (current.status === PinStatus.REPLACED) throw badInput('This PIN was already replaced', 'pinId');
      current.status = PinStatus.REPLACED;
      current.retiredAt = this.clock.now();
      await tem.flush();
      return { type: PinEventType.PIN_REASSIGNED, replaced: current };
    });
  }

  async block(ctx: RequestContext, pinIdRaw: string): Promise<Pin> {
    const p = callerOf(ctx);
    return this.changeStatus(ctx, pinIdRaw, 'block', async (_tem, pin) => {
      if (pin.status === PinStatus.REPLACED) throw badInput('A replaced PIN cannot be blocked', 'pinId');
      if (pin.status === PinStatus.BLOCKED) return false;
      pin.status = PinStatus.BLOCKED;
      pin.blockedAt = this.clock.now();
      pin.blockedBy = actorId(p);
      return true;
    });
  }

  async unblock(ctx: RequestContext, pinIdRaw: string): Promise<Pin> {
    return this.changeStatus(ctx, pinIdRaw, 'unblock', async (tem, pin) => {
      if (pin.status !== PinStatus.BLOCKED) throw badInput('Only a blocked PIN can be unblocked', 'pinId');
      const newer = await tem.count(Pin, { user: pin.user.id, kind: pin.kind, createdAt: { $gt: pin.createdAt } });
      if (newer > 0) throw new DomainError(ErrorCode.PIN_ALREADY_ASSIGNED, `The user got another ${pin.kind} PIN since this one was blocked`);
      pin.status = PinStatus.ACTIVE;
      pin.blockedAt = null;
      pin.blockedBy = null;
      return true;
    });
  }

  /** A user's PINs, newest first: for the user, admins, and the Slack service (linked users). */
  async listForUser(ctx: RequestContext, user: User): Promise<Pin[]> {
    assertMayTouchPins(callerOf(ctx), user, 'read');
    return ctx.em.find(Pin, { user: user.id }, { orderBy: { createdAt: 'desc', id: 'asc' } });
  }

  private targetUser(p: Principal, userId?: string | null): string {
    if (userId) return parseId(userId, 'userId');
    if (p.kind !== 'USER') throw badInput('userId is required for this token', 'userId');
    return p.userId;
  }

  private checkCodeShape(kind: PinKind, code?: string | null): string | null {
    if (kind === PinKind.AUTO) {
      if (code != null) throw badInput('code is only for CUSTOM PINs: generated PINs are chosen by the server', 'code');
      return null;
    }
    if (code == null) throw badInput('code is required for a CUSTOM PIN', 'code');
    if (!/^\d{4,6}$/.test(code)) throw badInput('code must be 4 to 6 digits', 'code');
    return code;
  }

  private assertCustomAvailable(site: Site): void {
    if (site.plan !== SitePlan.PRO || !site.customPinsEnabled) {
      throw new DomainError(ErrorCode.CUSTOM_PIN_UNAVAILABLE, 'Custom PINs are not enabled on this site');
    }
  }

  /**
   * The one path that makes a PIN: checks, then (in one transaction) `prepare`, choose digits,
   * insert, and the event. Retries a generated PIN that lost a race for its digits.
   */
  private async issue(
    ctx: RequestContext,
    userId: string,
    kind: PinKind,
    customCode: string | null,
    prepare: (tem: EntityManager, user: User, site: Site) => Promise<{ type: PinEventType; replaced: Pin | null }>,
  ): Promise<PinAssignment> {
    const p = callerOf(ctx);
    if (customCode !== null) await this.assertUnderRefusalLimit(ctx.em, userId);
    for (let attempt = 1; ; attempt++) {
      try {
        const { assignment, records, targets, bumped } = await ctx.em.fork().transactional(async (tem) => {
          const user = await tem.findOne(User, userId, { populate: ['site'] });
          if (!user || user.site.id !== p.siteId) throw notFound('User');
          const site = user.site;
          const { type, replaced } = await prepare(tem, user, site);
          const now = this.clock.now();
          let code: string;
          if (customCode !== null) {
            if (isWeakPin(customCode) || (await this.issuer.isTaken(tem, site, user.id, customCode, now))) throw new Refused();
            code = customCode;
          } else {
            code = await this.issuer.generate(tem, site, user.id, now);
          }
          const pin = tem.create(Pin, {
            site,
            user,
            kind,
            ...this.issuer.digestFor(site.id, code),
            length: code.length,
            createdAt: now,
            createdBy: actorId(p),
          });
          await tem.flush();
          const records = await this.events.append(tem, site.id, [{ type, userId: user.id, pinId: pin.id }]);
          const targets = pinTargets(replaced ? [replaced, pin] : [pin]);
          const bumped = await this.sync.markPending(tem, targets, records[0].seq);
          return { assignment: { pin, code }, records, targets, bumped };
        });
        this.events.committed(records);
        await this.sync.refresh(ctx.em.fork(), targets, bumped);
        const pin = await ctx.em.findOneOrFail(Pin, assignment.pin.id);
        return { pin, code: assignment.code };
      } catch (err) {
        if (isUniqueOn(err, 'kind')) {
          throw new DomainError(ErrorCode.PIN_ALREADY_ASSIGNED, `The user already has an active ${kind} PIN`);
        }
        if (err instanceof Refused || (customCode !== null && isUniqueOn(err, 'digest'))) {
          await this.recordRefusal(ctx.em, userId);
          throw new DomainError(ErrorCode.PIN_NOT_ALLOWED, PIN_NOT_ALLOWED_MESSAGE);
        }
        if (isUniqueOn(err, 'digest') && attempt < ISSUE_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  private async assertUnderRefusalLimit(em: EntityManager, userId: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - HOUR_MS);
    const refusals = await em.fork().count(PinRefusal, { userId, at: { $gt: since } });
    if (refusals >= REFUSALS_PER_HOUR) {
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many refused PINs: try again within the hour', { retryAfterSeconds: 3600 });
    }
  }

  private async recordRefusal(em: EntityManager, userId: string): Promise<void> {
    const fork = em.fork();
    fork.create(PinRefusal, { userId, at: this.clock.now() });
    await fork.flush();
  }

  private async changeStatus(
    ctx: RequestContext,
    pinIdRaw: string,
    action: 'block' | 'unblock',
    mutate: (tem: EntityManager, pin: Pin) => Promise<boolean>,
  ): Promise<Pin> {
    const p = callerOf(ctx);
    const pinId = parseId(pinIdRaw, 'pinId');
    const { pin, records, changed, bumped } = await ctx.em.fork().transactional(async (tem) => {
      const pin = await tem.findOne(Pin, pinId, { populate: ['user'] });
      if (!pin || pin.site.id !== p.siteId) throw notFound('Pin');
      assertMayTouchPins(p, pin.user, action);
      const changed = await mutate(tem, pin);
      if (!changed) return { pin, records: [], changed, bumped: false };
      await tem.flush();
      const type = action === 'block' ? PinEventType.PIN_BLOCKED : PinEventType.PIN_UNBLOCKED;
      const records = await this.events.append(tem, pin.site.id, [{ type, userId: pin.user.id, pinId: pin.id }]);
      const bumped = await this.sync.markPending(tem, pinTargets([pin]), records[0].seq);
      return { pin, records, changed, bumped };
    });
    this.events.committed(records);
    if (changed) await this.sync.refresh(ctx.em.fork(), pinTargets([pin]), bumped);
    return ctx.em.findOneOrFail(Pin, pin.id, { refresh: true });
  }
}
