import type { EntityManager } from '@mikro-orm/knex';
import { callerOf } from '../../shared/authorize';
import type { Clock } from '../../shared/clock';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { pinDigest, type PepperRing } from '../../shared/pin-digest';
import type { RequestContext } from '../../shared/request-context';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';
import { PinEventType } from '../events/event.entity';
import type { AccessCache, CachedGrants, CachedLock, CachedPin } from './access-cache.port';
import type { AccessMetrics } from './access-metrics.port';
import { AccessReason } from './access-reason';
import type { AccessStateReader } from './access-state.reader';
import type { DecisionRecorder } from './decision.recorder';
import type { LockoutCounters, LockoutReservation } from './lockout.port';
import { isWithinSchedule, type Weekday } from './schedule';

export interface AccessDecision {
  granted: boolean;
  reason: AccessReason;
  lockId: string;
  userId: string | null;
  decidedAt: Date;
  retryAfterSeconds: number | null;
}

export interface LockAccessDeps {
  cache: AccessCache;
  reader: AccessStateReader;
  lockout: LockoutCounters;
  peppers: PepperRing;
  recorder: DecisionRecorder;
  clock: Clock;
  metrics: AccessMetrics;
  onCacheError?: (err: unknown) => void;
}

/**
 * How long a node keeps a lock's entry (site, pinEnabled, timezone, lockout policy: never who may
 * open it) in its own memory. Only the policy can change, and updatePinPolicy waits this long
 * before it returns, so every node decides with the new policy once it has.
 */
export const LOCK_ENTRY_TTL_MS = 1_000;

/**
 * The door decision of DESIGN.md rule 9, in its order, stopping at the first no. Reads go to the
 * cache first and to the database on a miss, a pending mark or a cache failure; the database is
 * the truth and nothing is granted that it would deny.
 */
export class LockAccessService {
  private readonly locks = new Map<string, { entry: CachedLock; until: number }>();

  constructor(private readonly d: LockAccessDeps) {}

  async decide(ctx: RequestContext, lockIdRaw: string, pin: string): Promise<AccessDecision> {
    const started = process.hrtime.bigint();
    const p = callerOf(ctx);
    if (p.kind !== 'BRIDGE') throw forbidden('Only a lock bridge may ask for access');
    const lockId = parseId(lockIdRaw, 'lockId');
    if (p.lockIds && !p.lockIds.includes(lockId)) throw forbidden('This bridge does not serve that lock');
    if (typeof pin !== 'string' || !/^\d{4,12}$/.test(pin)) throw badInput('pin must be 4 to 12 digits', 'pin');
    const siteId = p.siteId;
    const digest = pinDigest(this.d.peppers, this.d.peppers.current, siteId, pin);

    const lock = await this.lock(ctx.em, lockId);
    if (!lock || lock.siteId !== siteId) throw notFound('Lock');

    const done = (reason: AccessReason, userId: string | null, pinId: string | null, retryAfterSeconds: number | null = null, extra: PinEventType[] = []): AccessDecision => {
      const decision = { granted: reason === AccessReason.GRANTED, reason, lockId, userId, decidedAt: this.d.clock.now(), retryAfterSeconds };
      const type = decision.granted ? PinEventType.ACCESS_GRANTED : PinEventType.ACCESS_DENIED;
      this.d.recorder.record(siteId, [{ type, reason, lockId, userId, pinId }, ...extra.map((t) => ({ type: t, lockId }))]);
      this.d.metrics.decided(reason, Number(process.hrtime.bigint() - started) / 1e9);
      return decision;
    };

    if (!lock.pinEnabled) return done(AccessReason.PIN_NOT_SUPPORTED, null, null);
    const policy = { maxFailedAttempts: lock.maxFailedAttempts, lockoutSeconds: lock.lockoutSeconds, siteFailureBudget: lock.siteFailureBudget };
    const slot = await this.d.lockout.reserve({ siteId, lockId }, policy);
    if (!slot.ok) return done(AccessReason.LOCKED_OUT, null, null, slot.retryAfterSeconds);

    let settled = false;
    const failure = async (reason: AccessReason, entry: CachedPin | null): Promise<AccessDecision> => {
      settled = true;
      const result = await this.d.lockout.fail(slot.reservation);
      if (result.lockoutStarted) this.d.metrics.lockoutStarted();
      return done(reason, entry?.userId ?? null, entry?.pinId ?? null, null, result.lockoutStarted ? [PinEventType.LOCKOUT_STARTED] : []);
    };
    const release = async (reservation: LockoutReservation) => {
      settled = true;
      await this.d.lockout.release(reservation);
    };
    try {
      const entry = await this.pin(ctx.em, siteId, digest);
      if (!entry || entry.status === 'REPLACED') return await failure(AccessReason.INVALID_PIN, null);
      if (entry.status !== 'ACTIVE') return await failure(AccessReason.PIN_BLOCKED, entry);

      // The PIN is known and active: whatever the permissions say is not a failure, so the slot
      // goes back while the permissions are read.
      const [grants] = await Promise.all([this.grants(ctx.em, entry.userId, lockId), release(slot.reservation)]);
      if (!grants || grants.permissions.length === 0) return done(AccessReason.NO_PERMISSION, entry.userId, entry.pinId);
      const now = this.d.clock.now();
      const open = grants.permissions.some(
        (g) =>
          (g.validFrom === null || now.getTime() >= g.validFrom) &&
          (g.validUntil === null || now.getTime() < g.validUntil) &&
          (!g.days || !g.start || !g.end || isWithinSchedule({ days: g.days as Weekday[], start: g.start, end: g.end }, now, lock.timezone)),
      );
      return done(open ? AccessReason.GRANTED : AccessReason.OUTSIDE_SCHEDULE, entry.userId, entry.pinId);
    } finally {
      if (!settled) await this.d.lockout.release(slot.reservation).catch(() => undefined);
    }
  }

  private async cached<T>(read: () => Promise<T>, onFailure: T): Promise<T> {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.d.metrics.fallback('cache');
      this.d.onCacheError?.(err);
      return onFailure;
    }
  }

  /** Fills without waiting: the answer does not depend on the put, and set-if-newer keeps it safe. */
  private fill(put: () => Promise<unknown>): void {
    put().catch((err) => {
      if (!(err instanceof StoreUnavailableError)) this.d.onCacheError?.(err);
    });
  }

  private async lock(em: EntityManager, lockId: string): Promise<CachedLock | null> {
    const now = Date.now();
    const local = this.locks.get(lockId);
    if (local && local.until > now) return local.entry;
    const cached = await this.cached(() => this.d.cache.getLock(lockId), null);
    this.d.metrics.cache('lock', cached !== null);
    const lock = cached ?? (await this.d.reader.lock(em, lockId));
    if (!lock) return null;
    if (!cached) this.fill(() => this.d.cache.putLock(lockId, lock));
    if (this.locks.size > 10_000) this.locks.clear();
    this.locks.set(lockId, { entry: lock, until: now + LOCK_ENTRY_TTL_MS });
    return lock;
  }

  /** The one PIN look-up of a decision: only ever after a lockout slot was reserved. */
  private async pin(em: EntityManager, siteId: string, digest: string): Promise<CachedPin | null> {
    const cached = await this.cached(() => this.d.cache.getPin(siteId, digest), null);
    this.d.metrics.cache('pin', cached !== null && !cached.pending);
    if (cached && !cached.pending) return cached;
    const { entry } = await this.d.reader.pin(em, siteId, digest);
    if (entry) this.fill(() => this.d.cache.putPin(siteId, digest, entry));
    return entry;
  }

  private async grants(em: EntityManager, userId: string, lockId: string): Promise<CachedGrants | null> {
    const cached = await this.cached(() => this.d.cache.getGrants(userId, lockId), null);
    this.d.metrics.cache('grants', cached !== null && !cached.pending);
    if (cached && !cached.pending) return cached;
    const grants = await this.d.reader.grants(em, userId, lockId);
    if (grants) this.fill(() => this.d.cache.putGrants(userId, lockId, grants));
    return grants;
  }
}
