import { randomUUID } from 'node:crypto';
import {
  defaultLockoutTimings,
  type FailResult,
  type LockoutCounters,
  type LockoutKey,
  type LockoutPolicy,
  type LockoutReservation,
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
  parseLockState,
  parseSiteState,
  releaseSlot,
  reserveSlot,
  siteStage,
  type LockState,
  type SiteState,
} from '../../modules/access/lockout.rules';

export interface MemoryLockoutOptions {
  timings?: Partial<LockoutTimings>;
  now?: () => number;
}

/**
 * In-process LockoutCounters: the embedded default (one node, no Redis) and unit tests. Every
 * call runs synchronously to completion, which is what makes it atomic.
 */
export class MemoryLockoutCounters implements LockoutCounters {
  private readonly locks = new Map<string, LockState>();
  private readonly sites = new Map<string, SiteState>();
  private readonly timings: LockoutTimings;
  private readonly now: () => number;

  constructor(options: MemoryLockoutOptions = {}) {
    this.timings = { ...defaultLockoutTimings, ...options.timings };
    this.now = options.now ?? Date.now;
  }

  async reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult> {
    const id = randomUUID();
    const decision = reserveSlot(this.lock(key), this.site(key.siteId), policy, id, this.now(), this.timings);
    if (!decision.ok) return decision;
    return { ok: true, reservation: { id, siteId: key.siteId, lockId: key.lockId, policy: { ...policy } } };
  }

  async release(r: LockoutReservation): Promise<void> {
    releaseSlot(this.lock(r), this.site(r.siteId), r.id, this.now(), this.timings);
  }

  async fail(r: LockoutReservation): Promise<FailResult> {
    return failSlot(this.lock(r), this.site(r.siteId), r.policy, r.id, this.now(), this.timings);
  }

  async status(key: LockoutKey): Promise<LockStatus> {
    return lockStatus(this.lock(key), this.site(key.siteId), this.now(), this.timings);
  }

  async siteStatus(siteId: string, policy: LockoutPolicy): Promise<SiteLockoutStatus> {
    return siteStage(this.site(siteId), policy, this.now(), this.timings);
  }

  async clearLock(key: LockoutKey): Promise<void> {
    clearLock(this.lock(key));
  }

  async clearSite(siteId: string): Promise<void> {
    clearSite(this.site(siteId));
  }

  private lock(key: LockoutKey): LockState {
    const k = `${key.siteId}:${key.lockId}`;
    let state = this.locks.get(k);
    if (!state) this.locks.set(k, (state = parseLockState(null)));
    return state;
  }

  private site(siteId: string): SiteState {
    let state = this.sites.get(siteId);
    if (!state) this.sites.set(siteId, (state = parseSiteState(null)));
    return state;
  }
}
