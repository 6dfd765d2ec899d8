import type { EntityManager, Knex } from '@mikro-orm/knex';
import { newId } from '../../shared/ids';
import { EventRecord, PinEventType } from './event.entity';

export interface EventDraft {
  type: PinEventType;
  userId?: string | null;
  pinId?: string | null;
  lockId?: string | null;
  reason?: string | null;
  actorId?: string | null;
  refId?: string | null;
  /** Offline decisions only: when the bridge decided (the log's time otherwise). */
  at?: Date;
  /** Offline decisions only: the bridge's id for it (unique per site). */
  offlineId?: string | null;
}

/** Receives the events of a transaction once it has committed (the pub/sub adapter, in production). */
export interface CommittedEventSink {
  committed(events: readonly EventRecord[]): void;
}

/**
 * The event log of DESIGN.md rule 11. `append` must run inside the transaction of the change it
 * records: it takes the site's row lock to hand out gap-free sequence numbers in commit order.
 */
export class EventLog {
  private readonly sinks: CommittedEventSink[] = [];

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly dialect: 'postgresql' | 'sqlite' = 'sqlite',
  ) {}

  addSink(sink: CommittedEventSink): void {
    this.sinks.push(sink);
  }

  async append(em: EntityManager, siteId: string, drafts: readonly EventDraft[]): Promise<EventRecord[]> {
    if (drafts.length === 0) return [];
    const row = (await em.execute(
      'update site set event_seq = event_seq + ? where id = ? returning event_seq',
      [drafts.length, siteId],
      'get',
    )) as { event_seq: number | string } | undefined;
    if (!row) throw new Error('event log: site row missing');
    const first = Number(row.event_seq) - drafts.length + 1;
    const at = this.now();
    const records = drafts.map(
      (d, i): EventRecord => ({
        id: newId(),
        siteId,
        seq: first + i,
        type: d.type,
        userId: d.userId ?? null,
        pinId: d.pinId ?? null,
        lockId: d.lockId ?? null,
        reason: d.reason ?? null,
        actorId: d.actorId ?? null,
        refId: d.refId ?? null,
        at: d.at ?? at,
        offline: d.offlineId != null,
        offlineId: d.offlineId ?? null,
      }),
    );
    if (records.some((r) => r.offline)) {
      // Offline reports: rare, at most a few hundred rows, each with its own time.
      const values = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      await em.execute(
        `insert into pin_event (id, site_id, seq, type, user_id, pin_id, lock_id, reason, actor_id, ref_id, at, offline, offline_id) values ${records.map(() => values).join(', ')}`,
        records.flatMap((r) => [r.id, r.siteId, r.seq, r.type, r.userId, r.pinId, r.lockId, r.reason, r.actorId, r.refId, r.at, r.offline, r.offlineId]),
      );
      return records;
    }
    // Written by hand: decision batches hold hundreds of rows, and the query builder costs more
    // than the insert. On PostgreSQL one array per column, so the statement is the same size
    // whatever the batch's.
    if (this.dialect === 'postgresql') {
      // Bound parameters, not em.execute: that one inlines every value into the SQL text, escaping
      // each array character by character.
      const column = (pick: (r: EventRecord) => string | null) => pgArray(records.map(pick));
      const insert = em.getKnex().raw(
        `insert into pin_event (id, site_id, seq, type, user_id, pin_id, lock_id, reason, actor_id, ref_id, at)
         select e.id, ?, (?::int + e.n - 1)::int, e.type, e.user_id, e.pin_id, e.lock_id, e.reason, e.actor_id, e.ref_id, ?::timestamptz
         from unnest(?::varchar[], ?::text[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
           with ordinality as e(id, type, user_id, pin_id, lock_id, reason, actor_id, ref_id, n)`,
        [
          siteId,
          first,
          at.toISOString(),
          ...[(r: EventRecord) => r.id, (r: EventRecord) => r.type, (r: EventRecord) => r.userId, (r: EventRecord) => r.pinId, (r: EventRecord) => r.lockId, (r: EventRecord) => r.reason, (r: EventRecord) => r.actorId, (r: EventRecord) => r.refId].map(column),
        ],
      );
      const trx = em.getTransactionContext<Knex.Transaction>();
      await (trx ? insert.transacting(trx) : insert);
    } else {
      const values = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      await em.execute(
        `insert into pin_event (id, site_id, seq, type, user_id, pin_id, lock_id, reason, actor_id, ref_id, at) values ${records.map(() => values).join(', ')}`,
        records.flatMap((r) => [r.id, r.siteId, r.seq, r.type, r.userId, r.pinId, r.lockId, r.reason, r.actorId, r.refId, r.at]),
      );
    }
    return records;
  }

  /** Hands committed events to the sinks; call after the transaction committed, never before. */
  committed(events: readonly EventRecord[]): void {
    if (events.length === 0) return;
    for (const sink of this.sinks) sink.committed(events);
  }
}

/** A PostgreSQL array literal of text values (NULL for null). */
function pgArray(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null ? 'NULL' : `"${v.includes('"') || v.includes('\\') ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}
