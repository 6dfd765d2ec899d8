import type { EntityManager } from '@mikro-orm/knex';
import { callerOf } from '../../shared/authorize';
import type { Clock } from '../../shared/clock';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { olderVersions, pinDigest, type PepperRing } from '../../shared/pin-digest';
import type { RequestContext } from '../../shared/request-context';
import { orWhenUnavailable, StoreUnavailableError } from '../../shared/store-unavailable.error';
import { PinEventType } from '../events/event.entity';
import type { AccessCache, CachedGrants, CachedLock, CachedPin } from './access-cache.port';
import type { AccessMetrics } from './access-metrics.port';
import { AccessReason } from './access-reason';
import type { AccessStateReader } from './access-state.reader';
import type { DecisionRecorder } from './decision.recorder';
import type { AccessAttempts } from './access-attempts.port';
import type { LockoutCounters } from './lockout.port';
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
  /** Reserves the slot and reads the cache: one round trip on Redis. */
  attempts: AccessAttempts;
  /** Releases or fails the attempts' reservations. */
  lockout: LockoutCounters;
  peppers: PepperRing;
  recorder: DecisionRecorder;
  clock: Clock;
  metrics: AccessMetrics;
  onCacheError?: (err: unknown) => void;
  /**
   * Called after a GRANTED decision for a PIN found under an older key version (the answer does
   * not wait for it): it stores the PIN again under the current version. Unset: no re-keying.
   */
  rekey?: (req: { siteId: string; pinId: string; userId: string; fromVersion: number; fromDigest: string; toDigest: string }) => void;
  /**
   * Called after a GRANTED decision with the typed digits (the answer does not wait for it): adds
   * the verifiers live bridges of the site lack for that PIN (offline doors). Unset: none.
   */
  verifierFill?: (fill: { siteId: string; pinId: string; digits: string }) => void;
}

/** A PIN as found for the typed digits, and the key version and digest it is stored under. */
interface FoundPin {
  entry: CachedPin;
  keyVersion: number;
  digest: string;
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
  /** Previous key versions, newest first: looked up only when the current version's digest finds nothing. */
  private readonly older: number[];

  constructor(private readonly d: LockAccessDeps) {
    this.older = olderVersions(d.peppers);
  }

  async decide(ctx: RequestContext, lockIdRaw: string, pin: string): Promise<AccessDecision> {
    const started = process.hrtime.bigint();
    const p = callerOf(ctx);
    if (p.kind !== 'BRIDGE') throw forbidden('Only a lock bridge may ask for access');
    const lockId = parseId(lockIdRaw, 'lockId');
    if (p.lockIds && !p.lockIds.includes(lockId)) throw forbidden('This bridge does not serve that lock');
    if (typeof pin !== 'string' || !/^\d{4,12}$/.test(pin)) throw badInput('pin must be 4 to 12 digits', 'pin');
    const siteId = p.siteId;
    const digest = pinDigest(this.d.peppers, this.d.peppers.current, siteId, pin);

    const lock = this.localLock(lockId) ?? (await this.loadLock(ctx.em, lockId));
    if (!lock || lock.siteId !== siteId) throw notFound('Lock');

    const done = (reason: AccessReason, userId: string | null, pinId: string | null, retryAfterSeconds: number | null = null, extra: PinEventType[] = []): AccessDecision => {
      const decision = { granted: reason === AccessReason.GRANTED, reason, lockId, userId, decidedAt: this.d.clock.now(), retryAfterSeconds };
      const type = decision.granted ? PinEventType.ACCESS_GRANTED : PinEventType.ACCESS_DENIED;
      this.d.recorder.record(siteId, { type, reason, lockId, userId, pinId });
      for (const t of extra) this.d.recorder.record(siteId, { type: t, lockId });
      this.d.metrics.decided(reason, Number(process.hrtime.bigint() - started) / 1e9);
      return decision;
    };

    if (!lock.pinEnabled) return done(AccessReason.PIN_NOT_SUPPORTED, null, null);
    const policy = {
      maxFailedAttempts: lock.maxFailedAttempts,
      lockoutSeconds: lock.lockoutSeconds,
      siteFailureBudget: lock.siteFailureBudget,
      dailyFailureBudget: lock.dailyFailureBudget,
      siteLockdownBudget: lock.siteLockdownBudget,
    };
    // The PIN is read only once a slot is reserved; a cached ACTIVE PIN gives the slot back at once.
    const attempt = await this.d.attempts.start({ siteId, lockId }, policy, digest);
    if (!attempt.ok) return done(AccessReason.LOCKED_OUT, null, null, attempt.retryAfterSeconds);
    const { reservation } = attempt;

    let settled = attempt.released;
    const failure = async (reason: AccessReason, entry: CachedPin | null): Promise<AccessDecision> => {
      settled = true;
      const result = await this.d.lockout.fail(reservation);
      if (result.lockoutStarted) this.d.metrics.lockoutStarted();
      if (result.siteHardened) {
        this.d.metrics.siteHardened();
        // The payload is a count and a time (epoch seconds), never a PIN; it fits the 32 characters of `reason`.
        const until = Math.ceil((result.hardenedUntil ?? 0) / 1000);
        this.d.recorder.record(siteId, { type: PinEventType.SITE_HARDENED, lockId, reason: `failures=${Math.min(result.failures24h ?? 0, 99_999)};until=${until}` });
      }
      return done(reason, entry?.userId ?? null, entry?.pinId ?? null, null, result.lockoutStarted ? [PinEventType.LOCKOUT_STARTED] : []);
    };
    try {
      const hit = attempt.pin && !attempt.pin.pending ? attempt.pin : null;
      this.d.metrics.cache('pin', hit !== null);
      const current = this.d.peppers.current;
      const found: FoundPin | null =
        hit && (this.older.length === 0 || hit.status !== 'REPLACED')
          ? { entry: hit, keyVersion: current, digest }
          : ((attempt.pin !== undefined ? await this.olderFromCache(siteId, pin) : null) ?? (await this.pinFromDatabase(ctx.em, siteId, pin, digest)));
      const entry = found?.entry ?? null;
      if (!entry || entry.status === 'REPLACED') return await failure(AccessReason.INVALID_PIN, null);
      if (entry.status !== 'ACTIVE') return await failure(AccessReason.PIN_BLOCKED, entry);

      // The PIN is known and active: whatever the permissions say is not a failure, so the slot
      // goes back (if the attempt did not give it back already) while the permissions are read.
      let grants: CachedGrants | null;
      const cachedGrants = attempt.grants && !attempt.grants.pending ? attempt.grants : null;
      this.d.metrics.cache('grants', cachedGrants !== null);
      if (cachedGrants) {
        grants = cachedGrants;
      } else if (settled) {
        grants = await this.grantsFromDatabase(ctx.em, entry.userId, lockId);
      } else {
        settled = true;
        [grants] = await Promise.all([this.grantsFromDatabase(ctx.em, entry.userId, lockId), this.d.lockout.release(reservation)]);
      }
      if (!grants || grants.permissions.length === 0) return done(AccessReason.NO_PERMISSION, entry.userId, entry.pinId);
      const now = this.d.clock.now();
      const open = grants.permissions.some(
        (g) =>
          (g.validFrom === null || now.getTime() >= g.validFrom) &&
          (g.validUntil === null || now.getTime() < g.validUntil) &&
          (!g.days || !g.start || !g.end || isWithinSchedule({ days: g.days as Weekday[], start: g.start, end: g.end }, now, lock.timezone)),
      );
      const decision = done(open ? AccessReason.GRANTED : AccessReason.OUTSIDE_SCHEDULE, entry.userId, entry.pinId);
      if (decision.granted && found && found.keyVersion !== current) {
        this.d.rekey?.({ siteId, pinId: entry.pinId, userId: entry.userId, fromVersion: found.keyVersion, fromDigest: found.digest, toDigest: digest });
      }
      if (decision.granted) this.d.verifierFill?.({ siteId, pinId: entry.pinId, digits: pin });
      return decision;
    } finally {
      if (!settled) await this.d.lockout.release(reservation).catch(() => undefined);
    }
  }

  /** Fills without waiting: the answer does not depend on the put, and set-if-newer keeps it safe. */
  private fill(put: () => Promise<unknown>): void {
    put().catch((err) => {
      if (!(err instanceof StoreUnavailableError)) this.d.onCacheError?.(err);
    });
  }

  private localLock(lockId: string): CachedLock | null {
    const local = this.locks.get(lockId);
    return local && local.until > Date.now() ? local.entry : null;
  }

  private async loadLock(em: EntityManager, lockId: string): Promise<CachedLock | null> {
    const cached = await orWhenUnavailable(() => this.d.cache.getLock(lockId), null, (err) => {
      this.d.metrics.fallback('cache');
      this.d.onCacheError?.(err);
    });
    this.d.metrics.cache('lock', cached !== null);
    const lock = cached ?? (await this.d.reader.lock(em, lockId));
    if (!lock) return null;
    if (!cached) this.fill(() => this.d.cache.putLock(lockId, lock));
    if (this.locks.size > 10_000) this.locks.clear();
    this.locks.set(lockId, { entry: lock, until: Date.now() + LOCK_ENTRY_TTL_MS });
    return lock;
  }

  /**
   * The typed digits under each older key version in the cache, asked together (one more round
   * trip, one more read per older version), and only after the current version's digest found
   * nothing. The newest version with a settled ACTIVE or BLOCKED entry wins; null when none has one
   * or the cache cannot answer (the database decides then).
   */
  private async olderFromCache(siteId: string, pin: string): Promise<FoundPin | null> {
    const digests = this.older.map((keyVersion) => ({ keyVersion, digest: pinDigest(this.d.peppers, keyVersion, siteId, pin) }));
    const cached = await orWhenUnavailable(
      () => Promise.all(digests.map(({ digest }) => this.d.cache.getPin(siteId, digest))),
      undefined,
      (err) => {
        this.d.metrics.fallback('cache');
        this.d.onCacheError?.(err);
      },
    );
    if (!cached) return null;
    let found: FoundPin | null = null;
    cached.forEach((entry, i) => {
      const hit = entry && !entry.pending && entry.status !== 'REPLACED' ? entry : null;
      this.d.metrics.cache('pin', hit !== null);
      if (hit && !found) found = { entry: hit, ...digests[i] };
    });
    return found;
  }

  /** After a miss, a pending mark or an unreadable cache: one query over every key version's digest. */
  private async pinFromDatabase(em: EntityManager, siteId: string, pin: string, digest: string): Promise<FoundPin | null> {
    if (this.older.length === 0) {
      const { entry } = await this.d.reader.pin(em, siteId, digest);
      if (entry) this.fill(() => this.d.cache.putPin(siteId, digest, entry));
      return entry && { entry, keyVersion: this.d.peppers.current, digest };
    }
    const digests = new Map([[digest, this.d.peppers.current], ...this.older.map((v): [string, number] => [pinDigest(this.d.peppers, v, siteId, pin), v])]);
    const found = await this.d.reader.pinUnderAny(em, siteId, [...digests.keys()]);
    if (!found.entry || !found.digest) return null;
    const { entry, digest: stored } = found;
    this.fill(() => this.d.cache.putPin(siteId, stored, entry));
    return { entry, keyVersion: digests.get(stored) ?? this.d.peppers.current, digest: stored };
  }

  private async grantsFromDatabase(em: EntityManager, userId: string, lockId: string): Promise<CachedGrants | null> {
    const grants = await this.d.reader.grants(em, userId, lockId);
    if (grants) this.fill(() => this.d.cache.putGrants(userId, lockId, grants));
    return grants;
  }
}
