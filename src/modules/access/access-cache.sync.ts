import type { EntityManager } from '@mikro-orm/knex';
import type { AccessCache } from './access-cache.port';
import { pendingVersion, type AccessStateReader } from './access-state.reader';
import type { CacheEpochStore } from './cache-epoch';

/** The cache entries a committed change affects. */
export interface CacheTargets {
  pins?: Array<{ siteId: string; digest: string }>;
  grants?: Array<{ userId: string; lockId: string }>;
  /** Sites whose policy changed: every lock entry of the site. */
  sites?: string[];
  /** Locks whose own entry changed (name, pinEnabled). */
  locks?: string[];
}

/**
 * Write-through for every change that affects a lock decision (DESIGN.md section 3), in two steps:
 * 1. `markPending`, inside the writer's transaction once its event seq is known: puts a pending
 *    mark (version 2*seq) on each entry; readers that meet it ask the database. If the cache cannot
 *    be reached, the transaction bumps the cache epoch instead, so no node serves the old entry.
 * 2. `refresh`, after commit and before the mutation returns: puts the committed state (2*seq+1).
 *    If that fails, the pending marks stay and send readers to the database: never open. After an
 *    epoch bump it returns only once every node has had time to re-read the epoch.
 */
export class AccessCacheSync {
  constructor(
    private readonly cache: AccessCache,
    private readonly reader: AccessStateReader,
    private readonly epochs: CacheEpochStore,
    private readonly onError: (err: unknown) => void = () => undefined,
    /** How long every node takes at most to see a new cache epoch (their re-read period plus margin). */
    private readonly epochPropagationMs = 1_500,
  ) {}

  /**
   * Marks the entries pending; resolves whether the cache had to be abandoned (epoch bumped), in
   * which case `refresh` must be told so: it then waits until every node uses the new epoch.
   */
  async markPending(tem: EntityManager, targets: CacheTargets, seq: number): Promise<boolean> {
    const version = pendingVersion(seq);
    try {
      await Promise.all([
        ...(targets.pins ?? []).map((p) => this.cache.putPin(p.siteId, p.digest, { pinId: '', userId: '', status: 'BLOCKED', pending: true, version })),
        ...(targets.grants ?? []).map((g) => this.cache.putGrants(g.userId, g.lockId, { permissions: [], pending: true, version })),
      ]);
      return false;
    } catch (err) {
      this.onError(err);
      await this.epochs.bump(tem);
      return true;
    }
  }

  /**
   * Puts the committed state. After an epoch bump it first waits `epochPropagationMs`, so that when
   * the mutation returns no node still reads the abandoned key space.
   */
  async refresh(em: EntityManager, targets: CacheTargets, epochBumped = false): Promise<void> {
    if (epochBumped) await new Promise((resolve) => setTimeout(resolve, this.epochPropagationMs));
    try {
      for (const p of targets.pins ?? []) {
        const { entry, version } = await this.reader.pin(em, p.siteId, p.digest);
        await this.cache.putPin(p.siteId, p.digest, entry ?? { pinId: '', userId: '', status: 'REPLACED', version });
      }
      for (const g of targets.grants ?? []) {
        const grants = await this.reader.grants(em, g.userId, g.lockId);
        if (grants) await this.cache.putGrants(g.userId, g.lockId, grants);
      }
      for (const lockId of targets.locks ?? []) {
        const lock = await this.reader.lock(em, lockId);
        if (lock) await this.cache.putLock(lockId, lock);
      }
      for (const siteId of targets.sites ?? []) {
        for (const lockId of await this.reader.lockIdsOfSite(em, siteId)) {
          const lock = await this.reader.lock(em, lockId);
          if (lock) await this.cache.putLock(lockId, lock);
        }
      }
    } catch (err) {
      this.onError(err);
    }
  }
}
