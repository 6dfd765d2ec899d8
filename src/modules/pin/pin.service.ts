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
import type { AttemptLimiter } from '../limits/attempt-limiter.port';
import { CUSTOM_PIN_MAX_LENGTH, customPinMinLengthOf, Site, SitePlan } from '../site/site.entity';
import { User } from '../user/user.entity';
import { Pin, PinKind, PinStatus } from './pin.entity';
import type { PinIssuer } from './pin.issuer';
import { PinLengthCounts } from './pin-length.counts';
import { assertMayTouchPins } from './pin.policy';
import { isWeakPin } from './pin.strength';
import type { BridgeVerifiers } from '../bridge/bridge-verifiers';

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
const ISSUE_ATTEMPTS = 5;

class Refused extends Error {}

/** An answer that depends on the custom digits: it counts against the user's limit. */
class CodeDependentError extends DomainError {}

type Prepare = (tem: EntityManager, user: User, site: Site) => Promise<{ type: PinEventType; replaced: Pin | null }>;

const pinTargets = (pins: readonly Pin[]): CacheTargets => ({ pins: pins.map((p) => ({ siteId: p.site.id, digest: p.digest })) });

const alreadyAssigned = (kind: PinKind, ErrorType: typeof DomainError = DomainError): DomainError =>
  new ErrorType(ErrorCode.PIN_ALREADY_ASSIGNED, `The user already has an active ${kind} PIN`);

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
    /** Counts code-dependent custom-PIN answers per user id: built with `CUSTOM_PIN_ATTEMPTS`. */
    private readonly customPinAttempts: AttemptLimiter,
    /** Writes the offline bridges' verifiers of a new PIN in its transaction; none: no offline doors. */
    private readonly verifiers: BridgeVerifiers | null = null,
  ) {}

  /**
   * Issues a PIN of `kind` (AUTO by default) to `userId` (default: the caller).
   * A custom code meets these answers in this order, and none before the last depends on it:
   * NOT_FOUND, FORBIDDEN or CUSTOM_PIN_UNAVAILABLE; BAD_USER_INPUT (not 4-6 digits);
   * PIN_ALREADY_ASSIGNED (the user holds an ACTIVE CUSTOM PIN); RATE_LIMITED with
   * `retryAfterSeconds` (no slot left of 5 per user per hour); then the code itself:
   * PIN_NOT_ALLOWED (weak, taken or quarantined, one message for all) counts for the hour.
   */
  async assign(ctx: RequestContext, req: AssignPinRequest): Promise<PinAssignment> {
    const p = callerOf(ctx);
    const kind = req.kind ?? PinKind.AUTO;
    const userId = this.targetUser(p, req.userId);
    const prepare: Prepare = async (tem, user, site) => {
      this.assertMayIssue(p, user, site, kind);
      await this.assertNoActive(tem, user.id, kind);
      return { type: PinEventType.PIN_ASSIGNED, replaced: null };
    };
    if (kind === PinKind.AUTO) return this.issue(ctx, userId, kind, this.checkNoCode(req.code), prepare);
    const user = await ctx.em.findOne(User, userId, { populate: ['site'] });
    if (!user || user.site.id !== p.siteId) throw notFound('User');
    this.assertMayIssue(p, user, user.site, kind);
    const code = this.checkCustomCode(user.site, req.code);
    await this.assertNoActive(ctx.em, user.id, kind);
    return this.issueCustom(ctx, user.id, code, prepare);
  }

  /**
   * Replaces a PIN by a new one of its kind. A CUSTOM one is limited like `assign`, but not refused
   * for being assigned: it is the PIN being replaced.
   */
  async reassign(ctx: RequestContext, pinIdRaw: string, codeRaw?: string | null): Promise<PinAssignment> {
    const p = callerOf(ctx);
    const pinId = parseId(pinIdRaw, 'pinId');
    const old = await ctx.em.findOne(Pin, pinId, { populate: ['user', 'site'] });
    if (!old || old.site.id !== p.siteId) throw notFound('Pin');
    const prepare: Prepare = async (tem, user, site) => {
      this.assertMayIssue(p, user, site, old.kind);
      const current = await tem.findOneOrFail(Pin, pinId);
      if (current.status === PinStatus.REPLACED) throw badInput('This PIN was already replaced', 'pinId');
      if (current.status === PinStatus.ACTIVE) await PinLengthCounts.add(tem, site.id, current.length, -1);
      current.status = PinStatus.REPLACED;
      current.retiredAt = this.clock.now();
      await tem.flush();
      // Its digits are gone: no bridge may let them in any more.
      await this.verifiers?.removeForPins(tem, [current.id]);
      return { type: PinEventType.PIN_REASSIGNED, replaced: current };
    };
    if (old.kind === PinKind.AUTO) return this.issue(ctx, old.user.id, old.kind, this.checkNoCode(codeRaw), prepare);
    this.assertMayIssue(p, old.user, old.site, old.kind);
    const code = this.checkCustomCode(old.site, codeRaw);
    if (old.status === PinStatus.REPLACED) throw badInput('This PIN was already replaced', 'pinId');
    return this.issueCustom(ctx, old.user.id, code, prepare);
  }

  async block(ctx: RequestContext, pinIdRaw: string): Promise<Pin> {
    const p = callerOf(ctx);
    return this.changeStatus(ctx, pinIdRaw, 'block', async (tem, pin) => {
      if (pin.status === PinStatus.REPLACED) throw badInput('A replaced PIN cannot be blocked', 'pinId');
      if (pin.status === PinStatus.BLOCKED) return false;
      await PinLengthCounts.add(tem, pin.site.id, pin.length, -1);
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
      await PinLengthCounts.add(tem, pin.site.id, pin.length, 1);
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

  private checkNoCode(code?: string | null): null {
    if (code != null) throw badInput('code is only for CUSTOM PINs: generated PINs are chosen by the server', 'code');
    return null;
  }

  private checkCustomCode(site: Site, code?: string | null): string {
    if (code == null) throw badInput('code is required for a CUSTOM PIN', 'code');
    const min = customPinMinLengthOf(site);
    if (!/^\d+$/.test(code) || code.length < min || code.length > CUSTOM_PIN_MAX_LENGTH) {
      throw badInput(`code must be ${min} to ${CUSTOM_PIN_MAX_LENGTH} digits`, 'code');
    }
    return code;
  }

  private assertMayIssue(p: Principal, user: User, site: Site, kind: PinKind): void {
    assertMayTouchPins(p, user, 'issue', kind);
    if (kind === PinKind.CUSTOM && (site.plan !== SitePlan.PRO || !site.customPinsEnabled)) {
      throw new DomainError(ErrorCode.CUSTOM_PIN_UNAVAILABLE, 'Custom PINs are not enabled on this site');
    }
  }

  private async assertNoActive(em: EntityManager, userId: string, kind: PinKind): Promise<void> {
    const taken = await em.count(Pin, { user: userId, kind, status: PinStatus.ACTIVE });
    if (taken > 0) throw alreadyAssigned(kind);
  }

  /**
   * A custom code is looked at only with a slot reserved (and committed, so every node sees it);
   * an answer that depended on the code keeps it for the hour, any other outcome gives it back.
   * When the refusal cannot be counted the request fails rather than answer uncounted.
   */
  private async issueCustom(ctx: RequestContext, userId: string, code: string, prepare: Prepare): Promise<PinAssignment> {
    const slot = await this.customPinAttempts.reserve(userId);
    if (!slot.ok) {
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many refused PINs: try again later', { retryAfterSeconds: slot.retryAfterSeconds });
    }
    try {
      const assignment = await this.issue(ctx, userId, PinKind.CUSTOM, code, prepare);
      await this.customPinAttempts.release(slot.reservation).catch(() => undefined);
      return assignment;
    } catch (err) {
      if (err instanceof CodeDependentError) await this.customPinAttempts.confirm(slot.reservation);
      else await this.customPinAttempts.release(slot.reservation).catch(() => undefined);
      throw err;
    }
  }

  /**
   * The one path that makes a PIN: checks, then (in one transaction) `prepare`, choose digits,
   * insert, and the event. Retries a generated PIN that lost a race for its digits.
   */
  private async issue(ctx: RequestContext, userId: string, kind: PinKind, customCode: string | null, prepare: Prepare): Promise<PinAssignment> {
    const p = callerOf(ctx);
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
          await PinLengthCounts.add(tem, site.id, pin.length, 1);
          await this.verifiers?.forPin(tem, site.id, pin.id, code);
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
        // A custom code reaches the insert only when it is free: losing the race for the kind then
        // tells free from taken as surely as PIN_NOT_ALLOWED does.
        if (isUniqueOn(err, 'kind')) throw customCode !== null ? alreadyAssigned(kind, CodeDependentError) : alreadyAssigned(kind);
        if (err instanceof Refused || (customCode !== null && isUniqueOn(err, 'digest'))) {
          throw new CodeDependentError(ErrorCode.PIN_NOT_ALLOWED, PIN_NOT_ALLOWED_MESSAGE);
        }
        if (isUniqueOn(err, 'digest') && attempt < ISSUE_ATTEMPTS) continue;
        throw err;
      }
    }
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
