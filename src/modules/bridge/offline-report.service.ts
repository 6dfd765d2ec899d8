import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Clock } from '../../shared/clock';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { AccessReason } from '../access/access-reason';
import { EventRecord, PinEventType } from '../events/event.entity';
import type { EventDraft, EventLog } from '../events/event.log';
import { Lock } from '../lock/lock.entity';
import { Pin } from '../pin/pin.entity';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';
import { requireBridge } from './bridge-replica.service';
import { OfflineDecisionType } from './bridge.inputs';

export interface OfflineDecision {
  id: string;
  lockId: string;
  at: Date;
  type: OfflineDecisionType;
  reason?: AccessReason | null;
  pinId?: string | null;
  userId?: string | null;
  failedAttempts?: number | null;
}

export interface OfflineReport {
  recorded: number;
  duplicates: number;
}

export const MAX_OFFLINE_DECISIONS = 500;
const HOUR_MS = 3_600_000;
const FUTURE_MS = 5 * 60_000;

/**
 * Records the decisions a bridge made while the API was unreachable: one event each, with
 * `offline` set, its real time, the bridge as actor, and a seq handed out like any other event's.
 * Everything is checked before anything is written; the same decision id is recorded once per
 * site, whichever node and however many times it is reported.
 */
export class OfflineReportService {
  constructor(
    private readonly events: EventLog,
    private readonly clock: Clock,
  ) {}

  async report(ctx: RequestContext, decisions: readonly OfflineDecision[]): Promise<OfflineReport> {
    const p = requireBridge(ctx);
    if (!Array.isArray(decisions)) throw badInput('decisions must be a list', 'decisions');
    if (decisions.length > MAX_OFFLINE_DECISIONS) throw badInput(`at most ${MAX_OFFLINE_DECISIONS} decisions per call`, 'decisions');
    if (decisions.length === 0) return { recorded: 0, duplicates: 0 };
    const site = await ctx.em.findOneOrFail(Site, p.siteId, { refresh: true });
    const now = this.clock.now().getTime();
    const earliest = now - (site.offlineGraceHours + 24) * HOUR_MS;
    const seen = new Set<string>();
    const drafts: EventDraft[] = [];
    let duplicates = 0;
    decisions.forEach((d, i) => {
      const field = (name: string) => `decisions[${i}].${name}`;
      const id = parseId(d.id, field('id'));
      const lockId = parseId(d.lockId, field('lockId'));
      if (p.lockIds && !p.lockIds.includes(lockId)) throw forbidden('This bridge does not serve that lock');
      const at = d.at instanceof Date ? d.at.getTime() : NaN;
      if (!Number.isFinite(at) || at < earliest || at > now + FUTURE_MS) {
        throw badInput(`${field('at')} must be within the last ${site.offlineGraceHours + 24} hours and at most 5 minutes ahead`, field('at'));
      }
      const pinId = d.pinId == null ? null : parseId(d.pinId, field('pinId'));
      const userId = d.userId == null ? null : parseId(d.userId, field('userId'));
      const reason = d.reason ?? null;
      if (reason !== null && !Object.values(AccessReason).includes(reason)) throw badInput(`${field('reason')} is not an access reason`, field('reason'));
      switch (d.type) {
        case OfflineDecisionType.ACCESS_GRANTED:
          if (reason !== AccessReason.GRANTED) throw badInput(`${field('reason')} must be GRANTED for ACCESS_GRANTED`, field('reason'));
          if (!pinId || !userId) throw badInput(`${field('pinId')} and userId are required for ACCESS_GRANTED`, field('pinId'));
          break;
        case OfflineDecisionType.ACCESS_DENIED:
          if (reason === null || reason === AccessReason.GRANTED) throw badInput(`${field('reason')} must be a reason for a denial`, field('reason'));
          break;
        case OfflineDecisionType.LOCKOUT_STARTED:
          if (reason !== null || pinId || userId) throw badInput(`${field('type')} LOCKOUT_STARTED takes no reason, pinId or userId`, field('type'));
          break;
        default:
          throw badInput(`${field('type')} is not an offline decision type`, field('type'));
      }
      if (d.failedAttempts != null) {
        if (d.type !== OfflineDecisionType.LOCKOUT_STARTED) throw badInput(`${field('failedAttempts')} is only for LOCKOUT_STARTED`, field('failedAttempts'));
        if (!Number.isInteger(d.failedAttempts) || d.failedAttempts < 1 || d.failedAttempts > 1000) throw badInput(`${field('failedAttempts')} must be from 1 to 1000`, field('failedAttempts'));
      }
      if (seen.has(id)) {
        duplicates++;
        return;
      }
      seen.add(id);
      const type = d.type === OfflineDecisionType.ACCESS_GRANTED ? PinEventType.ACCESS_GRANTED : d.type === OfflineDecisionType.ACCESS_DENIED ? PinEventType.ACCESS_DENIED : PinEventType.LOCKOUT_STARTED;
      drafts.push({ type, lockId, reason, pinId, userId, actorId: p.tokenId, at: new Date(at), offlineId: id });
    });
    await this.assertKnown(ctx.em, p.siteId, drafts);
    // Events in the order they happened, so the log reads as the door saw it.
    drafts.sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));

    for (let attempt = 1; ; attempt++) {
      try {
        const records = await ctx.em.fork().transactional(async (tem) => {
          // The site row lock first: a concurrent report of the same ids waits here, then sees them.
          await tem.execute('update site set event_seq = event_seq where id = ?', [p.siteId]);
          const known = await tem.find(EventRecord, { siteId: p.siteId, offlineId: { $in: drafts.map((d) => d.offlineId as string) } }, { fields: ['offlineId'] });
          const done = new Set(known.map((e) => e.offlineId));
          const fresh = drafts.filter((d) => !done.has(d.offlineId as string));
          return { records: await this.events.append(tem, p.siteId, fresh), skipped: drafts.length - fresh.length };
        });
        this.events.committed(records.records);
        return { recorded: records.records.length, duplicates: duplicates + records.skipped };
      } catch (err) {
        if (err instanceof UniqueConstraintViolationException && attempt < 3) continue;
        throw err;
      }
    }
  }

  /** Every lock, PIN and user named is the site's (users deleted since included), and a PIN belongs to its user. */
  private async assertKnown(em: EntityManager, siteId: string, drafts: readonly EventDraft[]): Promise<void> {
    const ids = (pick: (d: EventDraft) => string | null | undefined) => [...new Set(drafts.map(pick).filter((x): x is string => !!x))];
    const lockIds = ids((d) => d.lockId);
    const pinIds = ids((d) => d.pinId);
    const userIds = ids((d) => d.userId);
    // In turn: inside the report's transaction they share one connection.
    const locks = await em.count(Lock, { id: { $in: lockIds }, site: siteId });
    const pins = pinIds.length ? await em.find(Pin, { id: { $in: pinIds }, site: siteId }, { fields: ['user'] }) : [];
    const users = userIds.length ? await em.count(User, { id: { $in: userIds }, site: siteId }, { filters: false }) : 0;
    if (locks !== lockIds.length) throw notFound('Lock');
    if (pins.length !== pinIds.length) throw notFound('Pin');
    if (users !== userIds.length) throw notFound('User');
    const owner = new Map(pins.map((pin) => [pin.id, pin.user.id]));
    for (const d of drafts) {
      if (d.pinId && d.userId && owner.get(d.pinId) !== d.userId) throw badInput('pinId does not belong to userId', 'pinId');
      if (d.pinId && !d.userId) d.userId = owner.get(d.pinId) ?? null;
    }
  }
}
