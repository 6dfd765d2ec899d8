import type { EntityManager } from '@mikro-orm/knex';
import { eventFloorOf } from '../../modules/events/event-floor';
import type { EventRetentionStore, RetentionBatch } from '../../modules/events/event-retention.port';

/** The advisory lock that lets one node delete events at a time (PostgreSQL), any fixed 64-bit number. */
const RETENTION_LOCK = '7305862044178911001';

/**
 * EventRetentionStore on the SQL event log. A batch reads the site's oldest events by
 * `(site_id, seq)`, keeps the prefix written before the cutoff, deletes that seq range and raises
 * `event_floor` in the same transaction, so the floor and the deletes never disagree. On
 * PostgreSQL the batch first tries a transaction-scoped advisory lock and gives way when another
 * node holds it; SQLite has one writer at a time anyway. Writers of new events touch neither the
 * rows deleted nor `event_floor`, so they do not wait for a batch (SQLite: at most one batch).
 */
export class SqlEventRetention implements EventRetentionStore {
  constructor(
    private readonly fork: () => EntityManager,
    private readonly dialect: 'postgresql' | 'sqlite',
  ) {}

  async sitesWithEventsBefore(cutoff: Date): Promise<string[]> {
    const rows = await this.fork().execute<Array<{ site_id: string }>>('select distinct site_id from pin_event where at < ?', [cutoff], 'all');
    return rows.map((r) => r.site_id);
  }

  async deleteOldest(siteId: string, cutoff: Date, limit: number): Promise<RetentionBatch | null> {
    return this.fork().transactional(async (em) => {
      if (this.dialect === 'postgresql') {
        const lock = (await em.execute('select pg_try_advisory_xact_lock(?::bigint) as ok', [RETENTION_LOCK], 'get')) as { ok: boolean } | undefined;
        if (!lock?.ok) return null;
      }
      const rows = await em.execute<Array<{ seq: number | string; old: number | string | boolean }>>(
        'select seq, case when at < ? then 1 else 0 end as old from pin_event where site_id = ? order by seq limit ?',
        [cutoff, siteId, limit],
        'all',
      );
      let last = 0;
      let deleted = 0;
      for (const r of rows) {
        if (!Number(r.old)) break;
        last = Number(r.seq);
        deleted++;
      }
      if (deleted > 0) {
        await em.execute('delete from pin_event where site_id = ? and seq <= ?', [siteId, last], 'run');
        const highest = this.dialect === 'postgresql' ? 'greatest' : 'max';
        await em.execute(
          `insert into event_floor (site_id, floor_seq) values (?, ?) on conflict (site_id) do update set floor_seq = ${highest}(event_floor.floor_seq, excluded.floor_seq)`,
          [siteId, last],
          'run',
        );
      }
      return { deleted, floor: await eventFloorOf(em, siteId) };
    });
  }
}
