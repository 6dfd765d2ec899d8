import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import {
  defaultLockoutTimings,
  type FailResult,
  type LockoutCounters,
  type LockoutKey,
  type LockoutLedger,
  type LockoutPolicy,
  type LockoutReservation,
  type LockoutSnapshot,
  type LockoutTimings,
  type LockStatus,
  type ReserveResult,
  type SiteLockoutStatus,
} from '../../modules/access/lockout.port';
import {
  clearLock,
  clearSite,
  failSlot,
  lockStatus,
  mergeLockState,
  mergeSiteState,
  parseLockState,
  parseSiteState,
  releaseSlot,
  reserveSlot,
  siteStage,
  type LockState,
  type SiteState,
} from '../../modules/access/lockout.rules';
import { SqlLockoutGeneration } from './lockout-generation.sql';

export interface SqlLockoutOptions {
  /** Any EntityManager of the database; every call forks it and runs one short transaction. */
  em: EntityManager;
  timings?: Partial<LockoutTimings>;
  now?: () => number;
  /** Called when a background read of the generation fails (a warning). */
  onError?: (err: unknown) => void;
}

type Row = { id: string; state: string };

/**
 * LockoutCounters in the SQL database (table `lockout_state`, one JSON row per lock and per site):
 * the fallback while Redis is down, shared by every node like Redis is. It is the LockoutLedger
 * under Redis too: Redis writes each failure's outcome through to the same rows, and every failure
 * counted here bumps `lockout_generation` in the same transaction.
 *
 * Atomic: each call is one transaction whose first statement is an INSERT ... ON CONFLICT DO UPDATE
 * ... RETURNING over the rows it needs. On PostgreSQL that row-locks them (lock row before site row,
 * always, so two calls never deadlock) until commit; SQLite runs one writer at a time.
 */
export class SqlLockoutCounters implements LockoutCounters, LockoutLedger {
  private readonly em: EntityManager;
  private readonly timings: LockoutTimings;
  private readonly now: () => number;
  private readonly generations: SqlLockoutGeneration;

  constructor(options: SqlLockoutOptions) {
    this.em = options.em;
    this.timings = { ...defaultLockoutTimings, ...options.timings };
    this.now = options.now ?? Date.now;
    this.generations = new SqlLockoutGeneration(this.em, options.onError ?? (() => undefined));
  }

  /** Reads the generation now and then every `refreshMs` (a node that never lost Redis learns of the database's counts). */
  start(refreshMs = 1000): Promise<void> {
    return this.generations.start(refreshMs);
  }

  stop(): void {
    this.generations.stop();
  }

  generation(): Promise<number> {
    return this.generations.current();
  }

  suspect(): void {
    this.generations.suspect();
  }

  async snapshot(key: LockoutKey): Promise<LockoutSnapshot> {
    const em = this.em.fork();
    // The generation first: the rows read after it hold at least what it stands for.
    const generation = await this.generations.read(em);
    const rows = await em.execute<Row[]>('select id, state from lockout_state where id in (?, ?)', [lockId(key), siteId(key)], 'all');
    const state = (id: string): unknown => JSON.parse(rows.find((row) => row.id === id)?.state ?? '{}');
    return { generation, lock: parseLockState(state(lockId(key))), site: parseSiteState(state(siteId(key))) };
  }

  async record(key: LockoutKey, policy: LockoutPolicy, lock: LockState, site: SiteState): Promise<void> {
    await this.inTransaction(async (em, now) => {
      const stored = await this.lockRows(em, key, true, now);
      await this.save(em, lockId(key), mergeLockState(stored.lock, lock, policy, now, this.timings), now);
      await this.save(em, siteId(key), mergeSiteState(stored.site, site, policy, now, this.timings), now);
    });
  }

  async reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult> {
    const id = randomUUID();
    const decision = await this.inTransaction(async (em, now) => {
      const { lock, site } = await this.lockRows(em, key, true, now);
      const result = reserveSlot(lock, site, policy, id, now, this.timings);
      if (result.ok) {
        await this.save(em, lockId(key), lock, now);
        await this.save(em, siteId(key), site, now);
      }
      return result;
    });
    if (!decision.ok) return decision;
    return { ok: true, reservation: { id, siteId: key.siteId, lockId: key.lockId, policy: { ...policy } } };
  }

  async release(r: LockoutReservation): Promise<void> {
    await this.inTransaction(async (em, now) => {
      const { lock, site } = await this.lockRows(em, r, true, now);
      releaseSlot(lock, site, r.id, now, this.timings);
      await this.save(em, lockId(r), lock, now);
      await this.save(em, siteId(r), site, now);
    });
  }

  async fail(r: LockoutReservation): Promise<FailResult> {
    const result = await this.inTransaction(async (em, now) => {
      const { lock, site } = await this.lockRows(em, r, true, now);
      const result = failSlot(lock, site, r.policy, r.id, now, this.timings);
      await this.save(em, lockId(r), lock, now);
      await this.save(em, siteId(r), site, now);
      await this.generations.bump(em);
      return result;
    });
    // Redis lacks this failure: this node reads the new generation before it decides on Redis again.
    this.generations.suspect();
    return result;
  }

  async status(key: LockoutKey): Promise<LockStatus> {
    const { lock, site } = await this.read(key);
    return lockStatus(lock, site, this.now(), this.timings);
  }

  async siteStatus(site: string, policy: LockoutPolicy): Promise<SiteLockoutStatus> {
    const { site: state } = await this.read({ siteId: site, lockId: '' });
    return siteStage(state, policy, this.now(), this.timings);
  }

  async clearLock(key: LockoutKey): Promise<void> {
    await this.inTransaction(async (em, now) => {
      const { lock } = await this.lockRows(em, key, false, now);
      await this.save(em, lockId(key), clearLock(lock), now);
    });
  }

  async clearSite(site: string): Promise<void> {
    await this.inTransaction(async (em, now) => {
      const rows = await em.execute<Row[]>('select id, state from lockout_state where id = ?', [siteId({ siteId: site, lockId: '' })], 'all');
      if (rows[0]) await this.save(em, rows[0].id, clearSite(parseSiteState(JSON.parse(rows[0].state))), now);
    });
  }

  private async read(key: LockoutKey): Promise<{ lock: LockState; site: SiteState }> {
    const rows = await this.em.fork().execute<Row[]>('select id, state from lockout_state where id in (?, ?)', [lockId(key), siteId(key)], 'all');
    const state = (id: string): unknown => JSON.parse(rows.find((row) => row.id === id)?.state ?? '{}');
    return { lock: parseLockState(state(lockId(key))), site: parseSiteState(state(siteId(key))) };
  }

  private inTransaction<T>(work: (em: EntityManager, now: number) => Promise<T>): Promise<T> {
    return this.em.fork().transactional((em) => work(em, this.now()));
  }

  /** Creates the rows when missing, locks them and reads them, in one statement. */
  private async lockRows(em: EntityManager, key: LockoutKey, withSite: boolean, now: number): Promise<{ lock: LockState; site: SiteState }> {
    const ids = withSite ? [lockId(key), siteId(key)] : [lockId(key)];
    const rows = await em.execute<Row[]>(
      `insert into lockout_state (id, state, updated_at) values ${ids.map(() => `(?, '{}', ?)`).join(', ')} ` +
        'on conflict (id) do update set updated_at = lockout_state.updated_at returning id, state',
      ids.flatMap((id) => [id, now]),
      'all',
    );
    const state = (id: string): unknown => JSON.parse(rows.find((row) => row.id === id)?.state ?? '{}');
    return { lock: parseLockState(state(lockId(key))), site: parseSiteState(state(siteId(key))) };
  }

  private async save(em: EntityManager, id: string, state: LockState | SiteState, now: number): Promise<void> {
    await em.execute('update lockout_state set state = ?, updated_at = ? where id = ?', [JSON.stringify(state), now, id], 'run');
  }
}

const lockId = (key: LockoutKey): string => `lock:${key.siteId}:${key.lockId}`;
const siteId = (key: LockoutKey): string => `site:${key.siteId}`;
