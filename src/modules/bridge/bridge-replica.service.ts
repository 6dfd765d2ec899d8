import type { EntityManager } from '@mikro-orm/knex';
import { callerOf } from '../../shared/authorize';
import type { Clock } from '../../shared/clock';
import { badInput, forbidden } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import type { Principal } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import { Permission } from '../access/permission.entity';
import { scheduleOf } from '../access/permission.service';
import type { WeeklySchedule } from '../access/schedule';
import { PinEventType } from '../events/event.entity';
import { assertCursorRetained } from '../events/event-floor';
import { parseCursor } from '../events/event.service';
import { Lock } from '../lock/lock.entity';
import { Pin, PinKind, PinStatus } from '../pin/pin.entity';
import { Site } from '../site/site.entity';
import { AccessToken } from '../token/token.entity';
import { User } from '../user/user.entity';
import type { BridgeKeys } from './bridge-keys';
import { BridgeVerifier } from './bridge-verifier.entity';

export interface ReplicaPin {
  id: string;
  kind: PinKind;
  status: PinStatus;
  verifier: string | null;
}

export interface ReplicaEntry {
  userId: string;
  pins: ReplicaPin[];
  permissions: Array<{ lockId: string; schedule: WeeklySchedule | null; validFrom: Date | null; validUntil: Date | null }>;
}

export interface ReplicaPage {
  cursor: string;
  /** The pepper version of the bridge's key (and of the verifiers in the page). */
  keyVersion: number;
  policy: { timezone: string; offlineMaxFailedAttempts: number; offlineLockoutSeconds: number; offlineGraceHours: number };
  locks: Array<{ id: string; pinEnabled: boolean }>;
  entries: ReplicaEntry[];
  removedUserIds: string[];
  nextUserId: string | null;
}

export interface ReplicaRequest {
  after?: string | null;
  upTo?: string | null;
  afterUser?: string | null;
  first?: number | null;
}

/** Events after which a user's replica entry may differ (verifiers may be new after ACCESS_GRANTED). */
export const USER_TOUCHING_EVENTS: readonly PinEventType[] = [
  PinEventType.PIN_ASSIGNED,
  PinEventType.PIN_REASSIGNED,
  PinEventType.PIN_BLOCKED,
  PinEventType.PIN_UNBLOCKED,
  PinEventType.PERMISSION_GRANTED,
  PinEventType.PERMISSION_REVOKED,
  PinEventType.PERMISSION_UPDATED,
  PinEventType.USER_DELETED,
  PinEventType.ACCESS_GRANTED,
];

/** Verifiers written up to this long before a change set's start are sent again with it (they are written after the grant's event). */
const VERIFIER_SLACK_MS = 60_000;

export function requireBridge(ctx: RequestContext): Extract<Principal, { kind: 'BRIDGE' }> {
  const p = callerOf(ctx);
  if (p.kind !== 'BRIDGE') throw forbidden('Only a lock bridge may do this');
  return p;
}

/**
 * The replica a bridge decides offline with: for every user holding a permission at one of its
 * locks, their ACTIVE and BLOCKED PINs (with this bridge's verifiers, never digests) and their
 * permissions there. A change set is either everything (`after` null) or the users touched by the
 * events in (after, upTo], paged by user id.
 */
export class BridgeReplicaService {
  constructor(
    private readonly clock: Clock,
    private readonly keys: BridgeKeys,
  ) {}

  async page(ctx: RequestContext, req: ReplicaRequest): Promise<ReplicaPage> {
    const p = requireBridge(ctx);
    const first = req.first ?? 500;
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first must be from 1 to 1000', 'first');
    const after = req.after == null ? null : parseCursor(req.after);
    const upToRaw = req.upTo == null ? null : parseCursor(req.upTo);
    const afterUser = req.afterUser == null ? null : parseId(req.afterUser, 'afterUser');
    const em = ctx.em;
    if (after !== null) await assertCursorRetained(em, p.siteId, after);
    const site = await em.findOneOrFail(Site, p.siteId, { refresh: true });
    const cursor = upToRaw ?? site.eventSeq;
    if (upToRaw !== null && upToRaw > site.eventSeq) throw badInput('upTo is ahead of the event log', 'upTo');
    if (after !== null && after > cursor) throw badInput('after must not be past upTo', 'after');

    const keyVersion = await this.keyVersion(em, p.tokenId);
    const locks = await em.find(Lock, p.lockIds ? { id: { $in: [...p.lockIds] }, site: p.siteId } : { site: p.siteId }, { orderBy: { id: 'asc' } });
    const lockIds = locks.map((l) => l.id);
    const candidates =
      after === null
        ? await this.usersInScope(em, p.siteId, lockIds, afterUser, first + 1)
        : await this.touchedUsers(em, p, after, cursor, afterUser, first + 1);
    const more = candidates.length > first;
    const ids = candidates.slice(0, first);
    const { entries, removed } = await this.entries(em, p, lockIds, ids);
    const nextUserId = more ? ids[ids.length - 1] : null;
    if (!more) {
      const size = await this.countInScope(em, p.siteId, lockIds);
      await em.nativeUpdate(AccessToken, { id: p.tokenId }, { lastSyncedAt: this.clock.now(), replicaCursor: cursor, replicaSize: size });
    }
    return {
      cursor: String(cursor),
      keyVersion,
      policy: {
        timezone: site.timezone,
        offlineMaxFailedAttempts: site.offlineMaxFailedAttempts,
        offlineLockoutSeconds: site.offlineLockoutSeconds,
        offlineGraceHours: site.offlineGraceHours,
      },
      locks: locks.map((l) => ({ id: l.id, pinEnabled: l.pinEnabled })),
      entries,
      removedUserIds: removed,
      nextUserId,
    };
  }

  /** Live users of the site with a permission at one of `lockIds`, by id, after `afterUser`. */
  private async usersInScope(em: EntityManager, siteId: string, lockIds: string[], afterUser: string | null, limit: number): Promise<string[]> {
    if (lockIds.length === 0) return [];
    // Driven from the permissions of the bridge's locks: a join from app_user lets SQLite's planner
    // probe every user of the site for every lock on each page (10 s for 10,000 users).
    const rows = (await em.execute(
      `select p.user_id from permission p
       where p.lock_id in (${lockIds.map(() => '?').join(', ')})${afterUser ? ' and p.user_id > ?' : ''}
         and exists (select 1 from app_user u where u.id = p.user_id and u.site_id = ? and u.deleted_at is null)
       group by p.user_id order by p.user_id limit ?`,
      [...lockIds, ...(afterUser ? [afterUser] : []), siteId, limit],
    )) as Array<{ user_id: string }>;
    return rows.map((r) => r.user_id);
  }

  private async countInScope(em: EntityManager, siteId: string, lockIds: string[]): Promise<number> {
    if (lockIds.length === 0) return 0;
    const row = (await em.execute(
      `select count(distinct p.user_id) as n from permission p
       where p.lock_id in (${lockIds.map(() => '?').join(', ')})
         and exists (select 1 from app_user u where u.id = p.user_id and u.site_id = ? and u.deleted_at is null)`,
      [...lockIds, siteId],
      'get',
    )) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /**
   * The pepper version of the bridge's key. Once that pepper is no longer configured the key moves
   * to the current one (its old verifiers are deleted, before this page reads any), so the page
   * tells the bridge that its key changed.
   */
  private async keyVersion(em: EntityManager, tokenId: string): Promise<number> {
    const row = await em.fork().findOneOrFail(AccessToken, tokenId, { fields: ['id', 'bridgeKeyVersion'] });
    const usable = this.keys.usable(row.bridgeKeyVersion);
    if (usable !== null) return usable;
    const versions = await em.fork().transactional((tem) => this.keys.settle(tem, [{ id: row.id, bridgeKeyVersion: row.bridgeKeyVersion }]));
    return versions.get(tokenId) as number;
  }

  /**
   * Users touched by the events in (after, upTo], and users of PINs that got a verifier for this
   * bridge since shortly before the change set's start (a verifier is written after the event of
   * the grant that made it), by id, after `afterUser`.
   */
  private async touchedUsers(em: EntityManager, p: Extract<Principal, { kind: 'BRIDGE' }>, after: number, upTo: number, afterUser: string | null, limit: number): Promise<string[]> {
    const types = USER_TOUCHING_EVENTS;
    const rows = (await em.execute(
      `select distinct user_id from pin_event
       where site_id = ? and seq > ? and seq <= ? and user_id is not null and type in (${types.map(() => '?').join(', ')})${afterUser ? ' and user_id > ?' : ''}
       order by user_id limit ?`,
      [p.siteId, after, upTo, ...types, ...(afterUser ? [afterUser] : []), limit],
    )) as Array<{ user_id: string }>;
    const ids = new Set(rows.map((r) => r.user_id));
    const since = await this.changeSetStart(em, p, after);
    const fresh = await em.find(BridgeVerifier, { tokenId: p.tokenId, createdAt: { $gte: since } }, { fields: ['pinId'] });
    if (fresh.length > 0) {
      const pins = await em.find(Pin, { id: { $in: fresh.map((v) => v.pinId) } }, { fields: ['user'] });
      for (const pin of pins) if (afterUser === null || pin.user.id > afterUser) ids.add(pin.user.id);
    }
    return [...ids].sort().slice(0, limit);
  }

  /** When the change set after `after` starts: that event's time, or the bridge's last sync, less the slack. */
  private async changeSetStart(em: EntityManager, p: Extract<Principal, { kind: 'BRIDGE' }>, after: number): Promise<Date> {
    const [event, token] = await Promise.all([
      em.getConnection().execute('select at from pin_event where site_id = ? and seq = ?', [p.siteId, after], 'get') as Promise<{ at: unknown } | undefined>,
      em.findOne(AccessToken, p.tokenId, { fields: ['lastSyncedAt'] }),
    ]);
    const times = [event ? toEpoch(event.at) : null, token?.lastSyncedAt?.getTime() ?? null].filter((t): t is number => t !== null && Number.isFinite(t));
    return new Date(times.length > 0 ? Math.min(...times) - VERIFIER_SLACK_MS : 0);
  }

  private async entries(em: EntityManager, p: Extract<Principal, { kind: 'BRIDGE' }>, lockIds: string[], userIds: string[]): Promise<{ entries: ReplicaEntry[]; removed: string[] }> {
    if (userIds.length === 0) return { entries: [], removed: [] };
    const [users, permissions, pins] = await Promise.all([
      em.find(User, { id: { $in: userIds }, site: p.siteId }, { fields: ['id'] }),
      lockIds.length ? em.find(Permission, { user: { $in: userIds }, lock: { $in: lockIds } }, { orderBy: { lock: 'asc', id: 'asc' } }) : Promise.resolve([]),
      em.find(Pin, { user: { $in: userIds }, site: p.siteId, status: { $in: [PinStatus.ACTIVE, PinStatus.BLOCKED] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    ]);
    const verifiers = pins.length ? await em.find(BridgeVerifier, { tokenId: p.tokenId, pinId: { $in: pins.map((x) => x.id) } }) : [];
    const verifierOf = new Map(verifiers.map((v) => [v.pinId, v.verifier]));
    const live = new Set(users.map((u) => u.id));
    const permissionsOf = groupBy(permissions, (pm) => pm.user.id);
    const pinsOf = groupBy(pins, (x) => x.user.id);
    const entries: ReplicaEntry[] = [];
    const removed: string[] = [];
    for (const userId of userIds) {
      const own = permissionsOf.get(userId) ?? [];
      if (!live.has(userId) || own.length === 0) {
        removed.push(userId);
        continue;
      }
      entries.push({
        userId,
        pins: (pinsOf.get(userId) ?? []).map((x) => ({ id: x.id, kind: x.kind, status: x.status, verifier: verifierOf.get(x.id) ?? null })),
        permissions: own.map((pm) => ({ lockId: pm.lock.id, schedule: scheduleOf(pm), validFrom: pm.validFrom, validUntil: pm.validUntil })),
      });
    }
    return { entries, removed };
  }
}

/** Items by key, each list in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function toEpoch(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : new Date(text).getTime();
}
