import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { AttemptLimiter, AttemptLimitOptions, AttemptReservation, AttemptReserveResult } from '../../modules/limits/attempt-limiter.port';
import { normalizeLimit, slotDecision, storedKey } from '../../modules/limits/attempt-limit.rules';

export interface SqlAttemptLimiterOptions extends AttemptLimitOptions {
  /** Any EntityManager of the database; every call forks it. */
  em: EntityManager;
  dialect: 'postgresql' | 'sqlite';
  now?: () => number;
}

type Row = { counted: boolean | number; expires_at: number | string };

/**
 * AttemptLimiter in the SQL database (table `limited_attempt`, one row per reservation or counted
 * attempt), on every deployment: the request it limits writes the database anyway, and the
 * database is the one store all nodes share (see the port for why not Redis).
 *
 * `reserve` is one short transaction, committed before the caller looks at the secret so that
 * every other node sees the slot taken. It is atomic per key: on PostgreSQL it first takes a
 * transaction-scoped advisory lock on the key (held until commit, so the count and the insert of
 * two reserves never interleave); SQLite runs one writer at a time, and the transaction's first
 * statement writes. `confirm`, `release` and `prune` are single statements.
 */
export class SqlAttemptLimiter implements AttemptLimiter {
  private readonly em: EntityManager;
  private readonly dialect: 'postgresql' | 'sqlite';
  private readonly options: AttemptLimitOptions;
  private readonly now: () => number;

  constructor(options: SqlAttemptLimiterOptions) {
    this.em = options.em;
    this.dialect = options.dialect;
    this.options = normalizeLimit(options);
    this.now = options.now ?? Date.now;
  }

  async reserve(key: string): Promise<AttemptReserveResult> {
    const stored = storedKey(this.options.scope, key);
    const id = randomUUID();
    return this.em.fork().transactional(async (em) => {
      const now = this.now();
      if (this.dialect === 'postgresql') await em.execute('select pg_advisory_xact_lock(?::bigint)', [advisoryKey(stored)]);
      await em.execute('delete from limited_attempt where limit_key = ? and expires_at <= ?', [stored, now], 'run');
      const rows = await em.execute<Row[]>('select counted, expires_at from limited_attempt where limit_key = ?', [stored], 'all');
      const entries = rows.map((r) => ({ counted: Boolean(Number(r.counted)), expiresAt: Number(r.expires_at) }));
      const decision = slotDecision(entries, this.options.limit, now);
      if (!decision.ok) return decision;
      await em.execute('insert into limited_attempt (id, limit_key, counted, expires_at) values (?, ?, ?, ?)', [id, stored, false, now + this.options.leaseMs], 'run');
      return { ok: true as const, reservation: { id, key } };
    });
  }

  async confirm(r: AttemptReservation): Promise<void> {
    await this.em
      .fork()
      .execute(
        'insert into limited_attempt (id, limit_key, counted, expires_at) values (?, ?, ?, ?) ' +
          'on conflict (id) do update set counted = excluded.counted, expires_at = excluded.expires_at',
        [r.id, storedKey(this.options.scope, r.key), true, this.now() + this.options.windowMs],
        'run',
      );
  }

  async release(r: AttemptReservation): Promise<void> {
    await this.em.fork().execute('delete from limited_attempt where id = ? and not counted', [r.id], 'run');
  }

  async prune(now: number): Promise<number> {
    const result = await this.em.fork().execute<{ affectedRows: number }>('delete from limited_attempt where expires_at <= ?', [now], 'run');
    return result.affectedRows;
  }
}

/** A 64-bit advisory lock id for a key; a collision only makes two keys wait for each other. */
const advisoryKey = (stored: string): string => createHash('sha256').update(stored).digest().readBigInt64BE(0).toString();
