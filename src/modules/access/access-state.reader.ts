import type { EntityManager } from '@mikro-orm/knex';
import type { CachedGrants, CachedLock, CachedPin, CachedPermission } from './access-cache.port';

/**
 * Cache versions come from the site's event sequence, read in the same SQL statement as the state
 * (one snapshot). A committed change always appends an event, so its state carries a higher
 * version than anything read before it. Pending marks (written before commit) use the even
 * number 2*seq, committed state the odd 2*seq+1, so a pending mark beats every older read.
 */
export const committedVersion = (eventSeq: number): number => eventSeq * 2 + 1;
export const pendingVersion = (eventSeq: number): number => eventSeq * 2;

const toMs = (v: unknown): number | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  const s = String(v);
  return /^\d+$/.test(s) ? Number(s) : Date.parse(s);
};

const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

type Row = Record<string, unknown>;

/** Reads what a lock decision needs straight from the database: the truth behind the cache. */
export class AccessStateReader {
  /** The live (ACTIVE or BLOCKED) PIN with this digest, or null; with the version of the read. */
  async pin(em: EntityManager, siteId: string, digest: string): Promise<{ entry: CachedPin | null; version: number }> {
    const rows = (await em.execute(
      `select s.event_seq, p.id as pin_id, p.user_id, p.status from site s
         left join pin p on p.site_id = s.id and p.digest = ? and p.status in ('ACTIVE', 'BLOCKED')
        where s.id = ?`,
      [digest, siteId],
    )) as Row[];
    if (rows.length === 0) return { entry: null, version: 0 };
    const version = committedVersion(Number(rows[0].event_seq));
    const r = rows[0];
    if (!r.pin_id) return { entry: null, version };
    return { entry: { pinId: String(r.pin_id), userId: String(r.user_id), status: r.status as CachedPin['status'], version }, version };
  }

  /**
   * The live PIN stored under any of these digests (one per key version; at most one can match,
   * since issuing checks every version), with the digest it matched and the version of the read.
   */
  async pinUnderAny(em: EntityManager, siteId: string, digests: readonly string[]): Promise<{ entry: CachedPin | null; digest: string | null; version: number }> {
    const rows = (await em.execute(
      `select s.event_seq, p.id as pin_id, p.user_id, p.status, p.digest from site s
         left join pin p on p.site_id = s.id and p.digest in (${digests.map(() => '?').join(', ')}) and p.status in ('ACTIVE', 'BLOCKED')
        where s.id = ?`,
      [...digests, siteId],
    )) as Row[];
    if (rows.length === 0) return { entry: null, digest: null, version: 0 };
    const version = committedVersion(Number(rows[0].event_seq));
    const r = rows[0];
    if (!r.pin_id) return { entry: null, digest: null, version };
    return { entry: { pinId: String(r.pin_id), userId: String(r.user_id), status: r.status as CachedPin['status'], version }, digest: String(r.digest), version };
  }

  /** Every permission of the user at the lock (possibly none), or null when the lock does not exist. */
  async grants(em: EntityManager, userId: string, lockId: string): Promise<CachedGrants | null> {
    const rows = (await em.execute(
      `select s.event_seq, pm.id as permission_id, pm.schedule_days, pm.schedule_start, pm.schedule_end, pm.valid_from, pm.valid_until
         from door_lock l join site s on s.id = l.site_id
         left join permission pm on pm.lock_id = l.id and pm.user_id = ?
        where l.id = ?`,
      [userId, lockId],
    )) as Row[];
    if (rows.length === 0) return null;
    const permissions: CachedPermission[] = rows
      .filter((r) => r.permission_id)
      .map((r) => ({
        validFrom: toMs(r.valid_from),
        validUntil: toMs(r.valid_until),
        days: r.schedule_days ? String(r.schedule_days).split(',') : null,
        start: (r.schedule_start as string | null) ?? null,
        end: (r.schedule_end as string | null) ?? null,
      }));
    return { permissions, version: committedVersion(Number(rows[0].event_seq)) };
  }

  /** The lock with its site's policy, or null. */
  async lock(em: EntityManager, lockId: string): Promise<CachedLock | null> {
    const rows = (await em.execute(
      `select s.id as site_id, s.event_seq, s.timezone, s.max_failed_attempts, s.lockout_seconds, s.site_failure_budget, s.daily_failure_budget, s.site_lockdown_budget, l.pin_enabled
         from door_lock l join site s on s.id = l.site_id where l.id = ?`,
      [lockId],
    )) as Row[];
    const r = rows[0];
    if (!r) return null;
    return {
      siteId: String(r.site_id),
      pinEnabled: truthy(r.pin_enabled),
      timezone: String(r.timezone),
      maxFailedAttempts: Number(r.max_failed_attempts),
      lockoutSeconds: Number(r.lockout_seconds),
      siteFailureBudget: Number(r.site_failure_budget),
      dailyFailureBudget: Number(r.daily_failure_budget),
      siteLockdownBudget: Number(r.site_lockdown_budget),
      version: committedVersion(Number(r.event_seq)),
    };
  }

  /** Ids of every lock of a site (a policy change touches them all). */
  async lockIdsOfSite(em: EntityManager, siteId: string): Promise<string[]> {
    const rows = (await em.execute('select id from door_lock where site_id = ?', [siteId])) as Row[];
    return rows.map((r) => String(r.id));
  }
}
