import type { EntityManager } from '@mikro-orm/knex';

/**
 * ACTIVE PINs per (site, length), written in the transaction of every change that makes a PIN
 * ACTIVE or takes it out of ACTIVE, so that issuing a PIN never counts the site's PINs
 * (DESIGN.md rules 6, 14). The upsert is atomic under concurrency on PostgreSQL and SQLite alike.
 */
export const PinLengthCounts = {
  /** Adds `delta` (positive or negative) to the ACTIVE count of `length` on `siteId`. */
  async add(em: EntityManager, siteId: string, length: number, delta: number): Promise<void> {
    if (delta === 0) return;
    await em.execute(
      'insert into pin_length_count (site_id, length, active) values (?, ?, ?) on conflict (site_id, length) do update set active = pin_length_count.active + excluded.active',
      [siteId, length, delta],
    );
  },

  /** n(L) of the site: lengths with at least one ACTIVE PIN. */
  async read(em: EntityManager, siteId: string): Promise<Map<number, number>> {
    const rows = (await em.execute('select length, active from pin_length_count where site_id = ? and active > 0', [siteId])) as Array<{
      length: number | string;
      active: number | string;
    }>;
    return new Map(rows.map((r) => [Number(r.length), Number(r.active)]));
  },
};

/** Total ACTIVE PINs of a count map. */
export const totalActive = (counts: ReadonlyMap<number, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
