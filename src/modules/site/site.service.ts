import type { EntityManager } from '@mikro-orm/knex';
import { assertSameSite, callerOf, requireAdmin } from '../../shared/authorize';
import { badInput, DomainError, ErrorCode, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { cleanEmail, cleanName, cleanTimezone, intInRange } from '../../shared/validate';
import { Role, User } from '../user/user.entity';
import type { AccessCacheSync } from '../access/access-cache.sync';
import { LOCK_ENTRY_TTL_MS } from '../access/lock-access.service';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';
import { Site, SitePlan } from './site.entity';

export interface PinPolicyChange {
  autoPinLength?: number | null;
  customPinsEnabled?: boolean | null;
  maxFailedAttempts?: number | null;
  lockoutSeconds?: number | null;
  dailyFailureBudget?: number | null;
  siteLockdownBudget?: number | null;
  riskTarget?: number | null;
  customPinMinLength?: number | null;
  offlineGraceHours?: number | null;
  offlineMaxFailedAttempts?: number | null;
  offlineLockoutSeconds?: number | null;
}

/** A guessing-risk target (DESIGN.md rule 14): a chance per 24 h from 1e-6 to 0.1. */
function riskTargetOf(value: number): number {
  if (!Number.isFinite(value) || value < 1e-6 || value > 0.1) throw badInput('riskTarget must be from 0.000001 to 0.1', 'riskTarget');
  return value;
}

export interface NewSite {
  name: string;
  plan: SitePlan;
  timezone: string;
  adminName: string;
  adminEmail?: string | null;
}

export class SiteService {
  constructor(
    private readonly events: EventLog,
    private readonly sync: AccessCacheSync,
  ) {}

  /** Creates a site and its first admin (CLI only: no token exists before). */
  async createSite(em: EntityManager, input: NewSite): Promise<{ site: Site; admin: User }> {
    const name = cleanName(input.name);
    const timezone = cleanTimezone(input.timezone);
    const adminName = cleanName(input.adminName, 'adminName');
    const adminEmail = cleanEmail(input.adminEmail);
    if (!Object.values(SitePlan).includes(input.plan)) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'plan must be STANDARD or PRO');
    return em.transactional(async (tem) => {
      const site = tem.create(Site, { name, plan: input.plan, timezone });
      const admin = tem.create(User, { site, name: adminName, email: adminEmail, role: Role.ADMIN });
      await tem.flush();
      return { site, admin };
    });
  }

  /** A site the caller belongs to. */
  async get(ctx: RequestContext, id: string): Promise<Site> {
    const siteId = parseId(id, 'id');
    assertSameSite(callerOf(ctx), siteId, 'Site');
    const site = await ctx.em.findOne(Site, siteId);
    if (!site) throw notFound('Site');
    return site;
  }

  async updatePinPolicy(ctx: RequestContext, id: string, change: PinPolicyChange): Promise<Site> {
    const siteId = parseId(id, 'siteId');
    requireAdmin(ctx, siteId);
    const next: Partial<Site> = {};
    if (change.autoPinLength != null) next.autoPinLength = intInRange(change.autoPinLength, 'autoPinLength', 6, 9);
    if (change.maxFailedAttempts != null) next.maxFailedAttempts = intInRange(change.maxFailedAttempts, 'maxFailedAttempts', 1, 20);
    if (change.lockoutSeconds != null) next.lockoutSeconds = intInRange(change.lockoutSeconds, 'lockoutSeconds', 1, 900);
    if (change.dailyFailureBudget != null) next.dailyFailureBudget = intInRange(change.dailyFailureBudget, 'dailyFailureBudget', 1, 10_000);
    if (change.siteLockdownBudget != null) next.siteLockdownBudget = intInRange(change.siteLockdownBudget, 'siteLockdownBudget', 1, 10_000);
    if (change.riskTarget != null) next.riskTarget = riskTargetOf(change.riskTarget);
    if (change.customPinMinLength != null) next.customPinMinLength = intInRange(change.customPinMinLength, 'customPinMinLength', 4, 6);
    if (change.customPinsEnabled != null) next.customPinsEnabled = change.customPinsEnabled;
    if (change.offlineGraceHours != null) next.offlineGraceHours = intInRange(change.offlineGraceHours, 'offlineGraceHours', 1, 720);
    if (change.offlineMaxFailedAttempts != null) next.offlineMaxFailedAttempts = intInRange(change.offlineMaxFailedAttempts, 'offlineMaxFailedAttempts', 1, 10);
    if (change.offlineLockoutSeconds != null) next.offlineLockoutSeconds = intInRange(change.offlineLockoutSeconds, 'offlineLockoutSeconds', 10, 3600);
    const records = await ctx.em.fork().transactional(async (tem) => {
      const s = await tem.findOne(Site, siteId);
      if (!s) throw notFound('Site');
      if (next.customPinsEnabled && s.plan !== SitePlan.PRO) {
        throw new DomainError(ErrorCode.CUSTOM_PIN_UNAVAILABLE, 'Custom PINs need the PRO plan');
      }
      tem.assign(s, next);
      await tem.flush();
      return this.events.append(tem, siteId, [{ type: PinEventType.POLICY_UPDATED }]);
    });
    this.events.committed(records);
    await this.sync.refresh(ctx.em.fork(), { sites: [siteId] });
    // Nodes keep lock entries (with the policy) for LOCK_ENTRY_TTL_MS: return once all have the new one.
    await new Promise((resolve) => setTimeout(resolve, LOCK_ENTRY_TTL_MS));
    return ctx.em.findOneOrFail(Site, siteId, { refresh: true });
  }
}
