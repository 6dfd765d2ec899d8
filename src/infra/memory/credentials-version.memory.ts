import { assertCacheVersion } from '../../modules/access/access-cache.port';
import type { CredentialsVersionCache } from '../../modules/token/credentials-version.port';

export interface MemoryCredentialsVersionCacheOptions {
  /** Entry lifetime after its last put. Default one day. */
  ttlMs?: number;
  now?: () => number;
}

/**
 * The in-process CredentialsVersionCache: the embedded default (one node, no Redis), where it is
 * the only store every request of the node asks. Never use it with more than one API node.
 */
export class MemoryCredentialsVersionCache implements CredentialsVersionCache {
  private readonly versions = new Map<string, { version: number; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: MemoryCredentialsVersionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.now = options.now ?? Date.now;
  }

  async get(siteId: string): Promise<number | null> {
    const slot = this.versions.get(siteId);
    if (!slot) return null;
    if (slot.expiresAt > this.now()) return slot.version;
    this.versions.delete(siteId);
    return null;
  }

  async put(siteId: string, version: number): Promise<boolean> {
    assertCacheVersion(version);
    const now = this.now();
    const slot = this.versions.get(siteId);
    if (slot && slot.expiresAt > now && slot.version >= version) return false;
    this.versions.set(siteId, { version, expiresAt: now + this.ttlMs });
    return true;
  }
}
