import { callerOf, isAdminOf, assertSameSite } from '../../shared/authorize';
import { badInput, forbidden } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { Principal } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { Lock } from '../lock/lock.entity';
import { Pin } from '../pin/pin.entity';
import { User } from '../user/user.entity';
import { AccessReason } from '../access/access-reason';
import { EventRecord, PinEventType } from './event.entity';
import { assertCursorRetained } from './event-floor';

const RELATED = { User, Pin, Lock } as const;

/** How far back `failedAttempts` counts: the per-door window of rule 10, the daily window of the site. */
const DOOR_WINDOW_MS = 10 * 60_000;
const SITE_WINDOW_MS = 24 * 3600_000;
const FAILURES = [AccessReason.INVALID_PIN, AccessReason.PIN_BLOCKED];

/** The fields of an event `failedAttempts` reads (a log row or a streamed event). */
interface CountedEvent {
  siteId: string;
  seq: number;
  type: PinEventType;
  lockId: string | null;
  at: Date;
}

/** Parses an event cursor: the decimal `seq` of the last event seen. */
export function parseCursor(after: string | null | undefined, field: 'after' | 'before' = 'after'): number {
  if (after == null) return 0;
  if (!/^\d{1,15}$/.test(after)) throw badInput(`${field} is not a valid event cursor`, field);
  return Number(after);
}

/** A page back in time: the newest `last` events older than `before` (both optional). */
export interface EventPageBack {
  before?: string | null;
  last?: number | null;
}

/** May `p` read the events of `siteId`? Admins and bridges of the site. */
export function assertMayReadEvents(p: Principal, siteId: string): void {
  assertSameSite(p, siteId, 'Site');
  if (!(p.kind === 'BRIDGE' || isAdminOf(p, siteId))) throw forbidden('Only an admin or a bridge of the site may read its events');
}

export class EventQueryService {
  /**
   * The log of a site, oldest first, after the cursor; a scoped bridge sees the events of its
   * locks. CURSOR_EXPIRED when retention deleted events after the cursor. With `back.last`, the
   * newest `last` events of the range (older than `back.before` when given), still oldest first:
   * how a console shows the latest page and then older ones.
   */
  async list(
    ctx: RequestContext,
    siteIdRaw: string,
    after: string | null | undefined,
    firstRaw: number | null,
    back: EventPageBack = {},
  ): Promise<EventRecord[]> {
    const first = firstRaw ?? 100;
    const siteId = parseId(siteIdRaw, 'siteId');
    const seq = parseCursor(after);
    const before = back.before == null ? null : parseCursor(back.before, 'before');
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first must be from 1 to 1000', 'first');
    const last = back.last ?? null;
    if (last !== null && (!Number.isInteger(last) || last < 1 || last > 1000)) throw badInput('last must be from 1 to 1000', 'last');
    const p = callerOf(ctx);
    assertMayReadEvents(p, siteId);
    const lockIds = p.kind === 'BRIDGE' ? p.lockIds : null;
    const events =
      last !== null || before !== null
        ? await this.readBack(ctx, siteId, seq, before, last ?? first, lockIds)
        : await this.read(ctx, siteId, seq, first, lockIds);
    // Read after the events: a retention batch that committed before them has raised the floor.
    if (after != null) await assertCursorRetained(ctx.em, siteId, seq);
    return events;
  }

  private async read(ctx: RequestContext, siteId: string, after: number, first: number, lockIds: readonly string[] | null): Promise<EventRecord[]> {
    const page = { orderBy: { seq: 'asc' as const }, limit: first };
    if (!lockIds) return ctx.em.find(EventRecord, { siteId, seq: { $gt: after } }, page);
    // One range of (site_id, lock_id, seq) per lock, merged: `lock_id in (...)` ordered by seq
    // would read every event of those locks after the cursor to sort them.
    const perLock = await Promise.all([...new Set(lockIds)].map((lockId) => ctx.em.find(EventRecord, { siteId, lockId, seq: { $gt: after } }, page)));
    return perLock
      .flat()
      .sort((x, y) => x.seq - y.seq)
      .slice(0, first);
  }

  /** The newest `last` events with after < seq < before, returned oldest first. */
  private async readBack(
    ctx: RequestContext,
    siteId: string,
    after: number,
    before: number | null,
    last: number,
    lockIds: readonly string[] | null,
  ): Promise<EventRecord[]> {
    const seq = before === null ? { $gt: after } : { $gt: after, $lt: before };
    const page = { orderBy: { seq: 'desc' as const }, limit: last };
    const newest = lockIds
      ? (await Promise.all([...new Set(lockIds)].map((lockId) => ctx.em.find(EventRecord, { siteId, lockId, seq }, page))))
          .flat()
          .sort((x, y) => y.seq - x.seq)
          .slice(0, last)
      : await ctx.em.find(EventRecord, { siteId, seq }, page);
    return newest.reverse();
  }

  /**
   * The failed attempts (INVALID_PIN and PIN_BLOCKED decisions) the log holds up to an alert: at
   * its lock in the 10 minutes before a LOCKOUT_STARTED, at the whole site in the 24 h before a
   * SITE_HARDENED; null for any other event. One indexed count, only for those rare events.
   */
  async failedAttempts(ctx: RequestContext, event: CountedEvent): Promise<number | null> {
    const base = { siteId: event.siteId, type: PinEventType.ACCESS_DENIED, reason: { $in: FAILURES }, seq: { $lt: event.seq } };
    const since = (ms: number) => new Date(event.at.getTime() - ms);
    if (event.type === PinEventType.LOCKOUT_STARTED && event.lockId) {
      return ctx.em.count(EventRecord, { ...base, lockId: event.lockId, at: { $gte: since(DOOR_WINDOW_MS) } });
    }
    if (event.type === PinEventType.SITE_HARDENED) return ctx.em.count(EventRecord, { ...base, at: { $gte: since(SITE_WINDOW_MS) } });
    return null;
  }

  /**
   * An object an event names. Whoever may read the event may see it: the event was already
   * checked against the caller's site and scope.
   */
  async related<K extends keyof typeof RELATED>(ctx: RequestContext, kind: K, id: string | null): Promise<InstanceType<(typeof RELATED)[K]> | null> {
    if (!id) return null;
    return (await ctx.em.findOne(RELATED[kind] as never, id)) as InstanceType<(typeof RELATED)[K]> | null;
  }
}
