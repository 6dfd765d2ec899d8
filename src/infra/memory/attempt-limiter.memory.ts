import { randomUUID } from 'node:crypto';
import type { AttemptLimiter, AttemptLimitOptions, AttemptReservation, AttemptReserveResult } from '../../modules/limits/attempt-limiter.port';
import { normalizeLimit, slotDecision, storedKey, type AttemptEntry } from '../../modules/limits/attempt-limit.rules';

export interface MemoryAttemptLimiterOptions extends AttemptLimitOptions {
  now?: () => number;
}

/**
 * In-process AttemptLimiter, for unit tests only: one process's memory is no limit for a service
 * that runs on several nodes. Every call runs synchronously to completion, which is what makes it
 * atomic.
 */
export class MemoryAttemptLimiter implements AttemptLimiter {
  private readonly keys = new Map<string, Map<string, AttemptEntry>>();
  private readonly options: AttemptLimitOptions;
  private readonly now: () => number;

  constructor(options: MemoryAttemptLimiterOptions) {
    this.options = normalizeLimit(options);
    this.now = options.now ?? Date.now;
  }

  async reserve(key: string): Promise<AttemptReserveResult> {
    const now = this.now();
    const entries = this.entries(storedKey(this.options.scope, key));
    for (const [id, e] of entries) if (e.expiresAt <= now) entries.delete(id);
    const decision = slotDecision([...entries.values()], this.options.limit, now);
    if (!decision.ok) return decision;
    const id = randomUUID();
    entries.set(id, { counted: false, expiresAt: now + this.options.leaseMs });
    return { ok: true, reservation: { id, key } };
  }

  async confirm(r: AttemptReservation): Promise<void> {
    this.entries(storedKey(this.options.scope, r.key)).set(r.id, { counted: true, expiresAt: this.now() + this.options.windowMs });
  }

  async release(r: AttemptReservation): Promise<void> {
    const entries = this.entries(storedKey(this.options.scope, r.key));
    if (entries.get(r.id)?.counted === false) entries.delete(r.id);
  }

  async prune(now: number): Promise<number> {
    let deleted = 0;
    for (const [key, entries] of this.keys) {
      for (const [id, e] of entries) {
        if (e.expiresAt > now) continue;
        entries.delete(id);
        deleted++;
      }
      if (entries.size === 0) this.keys.delete(key);
    }
    return deleted;
  }

  private entries(key: string): Map<string, AttemptEntry> {
    let entries = this.keys.get(key);
    if (!entries) this.keys.set(key, (entries = new Map()));
    return entries;
  }
}
