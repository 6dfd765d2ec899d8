import type { EntityManager } from '@mikro-orm/knex';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { AccessCache, CachedGrants, CachedLock, CachedPin } from './access-cache.port';

/** The cache's key-space generation, kept in the database (table cache_epoch). */
export class CacheEpochStore {
  async read(em: EntityManager): Promise<number> {
    const rows = (await em.execute('select epoch from cache_epoch where id = 1')) as Array<{ epoch: number | string }>;
    return Number(rows[0]?.epoch ?? 0);
  }

  /** Moves every node to a fresh key space; call inside the transaction whose change the cache missed. */
  async bump(em: EntityManager): Promise<void> {
    await em.execute('update cache_epoch set epoch = epoch + 1 where id = 1');
  }
}

/**
 * An AccessCache whose keys carry the database's cache epoch. When a writer could not reach the
 * cache it bumps the epoch in its own transaction, so entries the cache kept from before can never
 * be served again: every node re-reads the epoch every `refreshMs`, and after any failed call it
 * stops using the cache until its next re-read (by then the writer's bump is committed).
 */
export class EpochedAccessCache implements AccessCache {
  private epoch = 0;
  private suspect = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly inner: AccessCache,
    private readonly readEpoch: () => Promise<number>,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly refreshMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh(): Promise<void> {
    try {
      this.epoch = await this.readEpoch();
      this.suspect = false;
    } catch (err) {
      this.suspect = true;
      this.onError(err);
    }
  }

  /** The prefix this cache puts before ids now (`e<epoch>.`), or null while it must not be read. */
  namespace(): string | null {
    return this.suspect ? null : `e${this.epoch}.`;
  }

  /** After a failed call on the store under this cache: no reads until the next epoch read. */
  suspend(): void {
    this.suspect = true;
  }

  private async call<T>(fn: (ns: string) => Promise<T>): Promise<T> {
    if (this.suspect) throw new StoreUnavailableError('access cache is waiting for its epoch');
    try {
      return await fn(`e${this.epoch}.`);
    } catch (err) {
      if (err instanceof StoreUnavailableError) this.suspect = true;
      throw err;
    }
  }

  getPin(siteId: string, digest: string): Promise<CachedPin | null> {
    return this.call((ns) => this.inner.getPin(ns + siteId, digest));
  }
  putPin(siteId: string, digest: string, entry: CachedPin): Promise<boolean> {
    return this.call((ns) => this.inner.putPin(ns + siteId, digest, entry));
  }
  getGrants(userId: string, lockId: string): Promise<CachedGrants | null> {
    return this.call((ns) => this.inner.getGrants(ns + userId, lockId));
  }
  putGrants(userId: string, lockId: string, entry: CachedGrants): Promise<boolean> {
    return this.call((ns) => this.inner.putGrants(ns + userId, lockId, entry));
  }
  getLock(lockId: string): Promise<CachedLock | null> {
    return this.call((ns) => this.inner.getLock(ns + lockId));
  }
  putLock(lockId: string, entry: CachedLock): Promise<boolean> {
    return this.call((ns) => this.inner.putLock(ns + lockId, entry));
  }
}
