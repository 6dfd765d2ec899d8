import type { EntityManager } from '@mikro-orm/knex';
import { isStoreUnavailable, StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { CacheEpochStore } from '../access/cache-epoch';
import type { CredentialsVersionCache } from './credentials-version.port';

/** The access cache's key space as this node uses it now (EpochedAccessCache). */
export interface CredentialsKeySpace {
  /** The prefix put before site ids now, or null while the shared cache must not be read. */
  namespace(): string | null;
  /** Called when the shared cache failed: it is not read again until its key space is confirmed. */
  suspend(): void;
}

/** What a credentials change must still do once its transaction has committed. */
export interface CredentialsChange {
  /** The shared cache could not be written: the cache epoch was raised instead. */
  epochBumped: boolean;
}

/**
 * Per-site credentials versions (DESIGN.md rule 12): how a node that keeps principals in memory
 * learns, with one cache read per request and no database, that a credential was taken away.
 *
 * 1. `bump`, inside the writer's transaction (its last write): raises `site.credentials_version`
 *    and puts the new version in the shared cache before the commit. A node trusts a principal it
 *    keeps only while the cache holds exactly the version it read from the database together with
 *    the token row, so from the put on, every node asks the database; a reader that read before
 *    the commit puts back nothing older (set-if-newer). No separate "pending" mark is needed: no
 *    one trusts a version newer than the one they read with the row.
 *    When the cache cannot be written, the transaction raises the cache epoch instead: every node
 *    moves to a fresh, empty key space and asks the database.
 * 2. `settle`, after commit and before the mutation returns: after an epoch bump it waits until
 *    every node has re-read the epoch.
 */
export class CredentialsVersions {
  constructor(
    private readonly cache: CredentialsVersionCache,
    private readonly keySpace: CredentialsKeySpace,
    private readonly epochs: CacheEpochStore,
    private readonly dialect: 'postgresql' | 'sqlite',
    private readonly onError: (err: unknown) => void = () => undefined,
    /** How long every node takes at most to see a new cache epoch (their re-read period plus margin). */
    private readonly epochPropagationMs = 1_500,
  ) {}

  /** Raises the site's credentials version; call inside the transaction that takes credentials away. */
  async bump(tem: EntityManager, siteId: string): Promise<CredentialsChange> {
    const row = (await tem.execute('update site set credentials_version = credentials_version + 1 where id = ? returning credentials_version', [siteId], 'get')) as
      | { credentials_version: number | string }
      | undefined;
    if (!row) throw new Error('credentials version: site row missing');
    const version = Number(row.credentials_version);
    try {
      // The epoch as committed, held (PostgreSQL) until this commit, so that an epoch bump of
      // another writer cannot slip between our put and our commit; the key space just before it
      // too, which nodes still use for up to a second after a bump.
      const lock = this.dialect === 'postgresql' ? ' for share' : '';
      const epochRow = (await tem.execute(`select epoch from cache_epoch where id = 1${lock}`, [], 'get')) as { epoch: number | string } | undefined;
      const epoch = Number(epochRow?.epoch ?? 0);
      const spaces = new Set([`e${epoch}.`, ...(epoch > 0 ? [`e${epoch - 1}.`] : [])]);
      const own = this.keySpace.namespace();
      if (own === null) throw new StoreUnavailableError('credentials cache is waiting for its epoch');
      spaces.add(own);
      await Promise.all([...spaces].map((ns) => this.cache.put(ns + siteId, version)));
      return { epochBumped: false };
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.onError(err);
      this.keySpace.suspend();
      await this.epochs.bump(tem);
      return { epochBumped: true };
    }
  }

  /** After commit: returns once every node refuses what the change took away. */
  async settle(...changes: CredentialsChange[]): Promise<void> {
    if (changes.some((c) => c.epochBumped)) await new Promise((resolve) => setTimeout(resolve, this.epochPropagationMs));
  }

  /**
   * Whether the shared cache holds exactly `version` for the site now: then nothing was taken
   * away since a principal was read under it. False when it holds another version or none, or
   * cannot answer (the caller asks the database).
   */
  async isCurrent(siteId: string, version: number): Promise<boolean> {
    const ns = this.keySpace.namespace();
    if (ns === null) return false;
    try {
      return (await this.cache.get(ns + siteId)) === version;
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      this.keySpace.suspend();
      this.onError(err);
      return false;
    }
  }

  /** Puts a version read from the database (set-if-newer); a failure only costs a database read later. */
  fill(siteId: string, version: number): void {
    const ns = this.keySpace.namespace();
    if (ns === null) return;
    this.cache.put(ns + siteId, version).catch((err: unknown) => {
      if (isStoreUnavailable(err)) this.keySpace.suspend();
      this.onError(err);
    });
  }
}
