import type { EntityManager } from '@mikro-orm/knex';
import { assertSameSite, callerOf, isAdminOf } from '../../shared/authorize';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { isStoreUnavailable } from '../../shared/store-unavailable.error';
import { Permission } from '../access/permission.entity';
import { Lock } from '../lock/lock.entity';
import { Site } from '../site/site.entity';
import type { EventBus } from './event-bus.port';
import { EventRecord } from './event.entity';
import { assertMayReadEvents, parseCursor } from './event.service';
import { assertCursorRetained } from './event-floor';
import { DEFAULT_STREAM_OPTIONS, EventStream, type EventFilter, type EventStreamOptions, type LogPage, type LogReader, type StreamedEvent, type StreamProgress } from './event.stream';
import { LockEventFilter } from './lock-events.filter';
import { ALERT_EVENT_TYPES } from './site-alerts.filter';

export interface EventStreamServiceOptions extends Partial<EventStreamOptions> {
  /**
   * How often the node reads the head (latest seq) of every site it streams: a stream still behind
   * the previous head reads the log, so a tail the bus lost arrives within two periods. Default 1000 ms.
   */
  headCheckMs?: number;
}

export interface EventStreamDeps {
  bus: EventBus;
  /** A fresh EntityManager for the streams' own reads (log, heads, holders). */
  fork: () => EntityManager;
  /** Called when the head check fails (streams keep going on the bus) or the bus does not answer (streams follow the log). */
  onError?: (err: unknown) => void;
}

const fromRecord = (r: EventRecord): StreamedEvent => ({
  seq: r.seq,
  siteId: r.siteId,
  type: r.type,
  userId: r.userId,
  pinId: r.pinId,
  lockId: r.lockId,
  reason: r.reason,
  actorId: r.actorId,
  refId: r.refId,
  at: r.at,
  offline: r.offline === true,
});

/**
 * Live events for GraphQL subscriptions (DESIGN.md rule 11): `pinEvents` of a site and
 * `lockEvents` of a lock, each replaying the log after a cursor and then following the bus with no
 * gap and no duplicate. Scope is checked when a stream opens; the transport closes the streams of
 * a revoked token.
 */
export class EventStreamService {
  private readonly options: EventStreamOptions;
  private readonly headCheckMs: number;
  private readonly bySite = new Map<string, Set<EventStream>>();
  private readonly byContext = new WeakMap<object, EventStream>();
  private headTimer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly deps: EventStreamDeps,
    options: EventStreamServiceOptions = {},
  ) {
    const { headCheckMs, ...stream } = options;
    this.options = { ...DEFAULT_STREAM_OPTIONS, ...stream };
    this.headCheckMs = headCheckMs ?? 1000;
  }

  /** Every event of a site (a scoped bridge: those at its locks), after `after`, then live. */
  async pinEvents(ctx: RequestContext, siteIdRaw: string, after: string | null | undefined): Promise<AsyncIterableIterator<StreamedEvent>> {
    const siteId = parseId(siteIdRaw, 'siteId');
    const cursor = after == null ? null : parseCursor(after);
    const p = callerOf(ctx);
    assertMayReadEvents(p, siteId);
    const scope = p.kind === 'BRIDGE' && p.lockIds ? new Set(p.lockIds) : null;
    const filter: EventFilter = scope ? (e) => e.lockId !== null && scope.has(e.lockId) : () => true;
    return this.open(ctx, siteId, cursor, filter, scope ? [...scope] : null);
  }

  /**
   * The alert events of a site (ALERT_EVENT_TYPES: lockouts, hardening and its clearing), after
   * `after`, then live: for the site's SERVICE tokens (the Slack bot) and its admins. FORBIDDEN to
   * anyone else, NOT_FOUND across sites.
   */
  async siteAlerts(ctx: RequestContext, siteIdRaw: string, after: string | null | undefined): Promise<AsyncIterableIterator<StreamedEvent>> {
    const siteId = parseId(siteIdRaw, 'siteId');
    const cursor = after == null ? null : parseCursor(after);
    const p = callerOf(ctx);
    assertSameSite(p, siteId, 'Site');
    if (p.kind !== 'SERVICE' && !isAdminOf(p, siteId)) throw forbidden('Only an admin or the service of the site may follow its alerts');
    return this.open(ctx, siteId, cursor, (e) => ALERT_EVENT_TYPES.has(e.type), null);
  }

  /** The events that concern one lock (see LockEventFilter): for an admin of its site or a bridge of the lock. */
  async lockEvents(ctx: RequestContext, lockIdRaw: string, after: string | null | undefined): Promise<AsyncIterableIterator<StreamedEvent>> {
    const lockId = parseId(lockIdRaw, 'lockId');
    const cursor = after == null ? null : parseCursor(after);
    const p = callerOf(ctx);
    const lock = await ctx.em.findOne(Lock, lockId);
    if (!lock || lock.site.id !== p.siteId) throw notFound('Lock');
    const siteId = lock.site.id;
    const bridgeOfLock = p.kind === 'BRIDGE' && (p.lockIds === null || p.lockIds.includes(lockId));
    if (!bridgeOfLock && !isAdminOf(p, siteId)) throw forbidden('Only an admin of the site or a bridge of this lock may follow its events');
    const filter = new LockEventFilter(lockId, (id) => this.holdersOf(id));
    return this.open(ctx, siteId, cursor, (e) => filter.accepts(e), LockEventFilter.logLocks(lockId));
  }

  /** Where the subscription opened with this context stands, for the heartbeat; null when none. */
  progressOf(ctx: object): StreamProgress | null {
    return this.byContext.get(ctx)?.progress() ?? null;
  }

  /**
   * An event about to be resolved for a subscriber: the operation's EntityManager forgets what it
   * loaded for earlier events, so fields show the current state (a PIN's status) and memory stays flat.
   */
  present(ctx: RequestContext, event: StreamedEvent): StreamedEvent {
    ctx.em.clear();
    return event;
  }

  /** Stops the head check; open streams end with their sockets. */
  close(): void {
    if (this.headTimer) clearInterval(this.headTimer);
    this.headTimer = null;
  }

  /** `logLocks`: the `lock_id`s (null: none) of every event `filter` may accept, or null for any event. */
  private async open(ctx: RequestContext, siteId: string, cursor: number | null, filter: EventFilter, logLocks: ReadonlyArray<string | null> | null): Promise<EventStream> {
    const reader: LogReader = logLocks ? (site, after, limit) => this.readLogOf(site, logLocks, after, limit) : (site, after, limit) => this.readLog(site, after, limit);
    const stream = new EventStream(siteId, reader, filter, this.options, (s) => this.forget(s));
    try {
      await stream.listen(this.deps.bus);
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.deps.onError?.(err);
    }
    try {
      const head = await this.readHead(siteId);
      if (cursor !== null && cursor > head) throw badInput('after is beyond the latest event of the site', 'after');
      if (cursor !== null) await assertCursorRetained(this.deps.fork(), siteId, cursor);
      stream.start(cursor ?? head, head, cursor !== null);
    } catch (err) {
      await stream.return();
      throw err;
    }
    let streams = this.bySite.get(siteId);
    if (!streams) this.bySite.set(siteId, (streams = new Set()));
    streams.add(stream);
    this.byContext.set(ctx, stream);
    if (!this.headTimer) {
      this.headTimer = setInterval(() => void this.checkHeads(), this.headCheckMs);
      this.headTimer.unref();
    }
    return stream;
  }

  private forget(stream: EventStream): void {
    const streams = this.bySite.get(stream.siteId);
    streams?.delete(stream);
    if (streams?.size === 0) this.bySite.delete(stream.siteId);
    if (this.bySite.size === 0) this.close();
  }

  private async checkHeads(): Promise<void> {
    if (this.checking || this.bySite.size === 0) return;
    this.checking = true;
    try {
      const ids = [...this.bySite.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const sites = await this.deps.fork().find(Site, { id: { $in: ids.slice(i, i + 500) } }, { fields: ['eventSeq'] });
        for (const site of sites) for (const stream of this.bySite.get(site.id) ?? []) stream.observeHead(site.eventSeq);
      }
    } catch (err) {
      this.deps.onError?.(err);
    } finally {
      this.checking = false;
    }
  }

  private async readHead(siteId: string): Promise<number> {
    const site = await this.deps.fork().findOne(Site, siteId, { fields: ['eventSeq'] });
    if (!site) throw notFound('Site');
    return site.eventSeq;
  }

  private async readLog(siteId: string, after: number, limit: number): Promise<LogPage> {
    const em = this.deps.fork();
    const rows = await em.find(EventRecord, { siteId, seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit });
    // Seqs are gap-free: when the next one is there nothing was deleted after `after`; otherwise
    // retention may have run since the stream opened.
    if (rows[0]?.seq !== after + 1) await assertCursorRetained(em, siteId, after);
    return { events: rows.map(fromRecord), through: rows.at(-1)?.seq ?? after, more: rows.length === limit };
  }

  /**
   * The events of some locks (null: of no lock) after `after`: one range of (site_id, lock_id, seq)
   * per lock, merged, instead of every event of the site. The head is read first: every event up
   * to it has committed, so the ranges hold all of theirs up to it, and the stream moves past the
   * others' events up to there.
   */
  private async readLogOf(siteId: string, lockIds: ReadonlyArray<string | null>, after: number, limit: number): Promise<LogPage> {
    const head = await this.readHead(siteId);
    const em = this.deps.fork();
    const ranges = await Promise.all(lockIds.map((lockId) => em.find(EventRecord, { siteId, lockId, seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit })));
    await assertCursorRetained(em, siteId, after);
    // A full range may go on: the merge is complete only up to the lowest last seq of a full one.
    const ends = ranges.filter((r) => r.length === limit).map((r) => r[r.length - 1].seq);
    const through = Math.max(after, Math.min(head, ...ends));
    const events = ranges
      .flat()
      .filter((r) => r.seq <= through)
      .sort((x, y) => x.seq - y.seq);
    return { events: events.map(fromRecord), through, more: ends.length > 0 };
  }

  private async holdersOf(lockId: string): Promise<Set<string>> {
    const rows = await this.deps.fork().find(Permission, { lock: lockId }, { fields: ['user'] });
    return new Set(rows.map((r) => r.user.id));
  }
}
