import { assertCacheVersion, type AccessCache, type CachedGrants, type CachedLock, type CachedPin } from '../../modules/access/access-cache.port';

export interface MemoryAccessCacheOptions {
  /** Entry lifetime after its last put. Default one hour. */
  ttlMs?: number;
  now?: () => number;
}

interface Slot {
  version: number;
  value: unknown;
  expiresAt: number;
}

const SWEEP_EVERY_PUTS = 1024;

/**
 * The in-process AccessCache: the embedded default (one node, no Redis). Never use it with more
 * than one API node: a write on one node would not reach the others.
 */
export class MemoryAccessCache implements AccessCache {
  private readonly slots = new Map<string, Slot>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private putsSinceSweep = 0;

  constructor(options: MemoryAccessCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  async getPin(siteId: string, digest: string): Promise<CachedPin | null> {
    return this.read<CachedPin>(`pin:${siteId}:${digest}`);
  }

  async putPin(siteId: string, digest: string, entry: CachedPin): Promise<boolean> {
    return this.write(`pin:${siteId}:${digest}`, entry);
  }

  async getGrants(userId: string, lockId: string): Promise<CachedGrants | null> {
    return this.read<CachedGrants>(`grant:${userId}:${lockId}`);
  }

  async putGrants(userId: string, lockId: string, entry: CachedGrants): Promise<boolean> {
    return this.write(`grant:${userId}:${lockId}`, entry);
  }

  async getLock(lockId: string): Promise<CachedLock | null> {
    return this.read<CachedLock>(`lock:${lockId}`);
  }

  async putLock(lockId: string, entry: CachedLock): Promise<boolean> {
    return this.write(`lock:${lockId}`, entry);
  }

  private read<T>(key: string): T | null {
    const slot = this.slots.get(key);
    if (!slot) return null;
    if (slot.expiresAt <= this.now()) {
      this.slots.delete(key);
      return null;
    }
    return structuredClone(slot.value) as T;
  }

  private write(key: string, entry: { version: number }): boolean {
    assertCacheVersion(entry.version);
    const now = this.now();
    const current = this.slots.get(key);
    if (current && current.expiresAt > now && current.version >= entry.version) return false;
    this.slots.set(key, { version: entry.version, value: structuredClone(entry), expiresAt: now + this.ttlMs });
    if (++this.putsSinceSweep >= SWEEP_EVERY_PUTS) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    this.putsSinceSweep = 0;
    for (const [key, slot] of this.slots) if (slot.expiresAt <= now) this.slots.delete(key);
  }
}

