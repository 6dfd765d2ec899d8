import { BridgeKeyDocument, BridgeReplicaDocument } from '../gql/graphql';
import { AccessError, type ApiClient } from './api.client';
import { applyPage, emptyReplica, type BridgeKey, type Replica, type ReplicaPage } from './replica.model';

/** A replica page derived from another key version than the bridge's key. */
class KeyChanged extends Error {
  constructor(readonly keyVersion: number) {
    super(`the bridge key changed (version ${keyVersion})`);
    this.name = 'KeyChanged';
  }
}

export interface ReplicaHolder {
  /** The replica in use (null: none yet). */
  current(): Replica | null;
  /** Makes `replica` durable (atomically), then the one in use. */
  save(replica: Replica): void;
}

export interface ReplicaSyncOptions {
  api: ApiClient;
  holder: ReplicaHolder;
  /** Epoch ms; the bridge's clock. */
  now?: () => number;
  /** Users per page (1..1000). Default 500. */
  pageSize?: number;
  timeoutMs?: number;
  onStatus?: (line: string) => void;
  /**
   * After each change set is saved: a sync asked for while one runs runs again, so on a busy site
   * `sync()` may settle only after several of them, and the first may come much earlier.
   */
  onSynced?: (replica: Replica) => void;
}

/**
 * Brings the replica up to date: the bridge key once (kept in the replica), then the change set
 * after the saved cursor, page by page (`upTo` and `afterUser` hold a set together), applied in
 * order to a copy that is saved only once the last page is in, with its cursor and the time.
 * CURSOR_EXPIRED (the events after the cursor are gone) starts again from scratch; so does a page
 * whose `keyVersion` is not the key's (its pepper was retired), after fetching the key again. The
 * decision queue is not touched: it holds no verifiers. Calls never
 * overlap: a sync asked for while one runs runs once more after it.
 */
export class ReplicaSync {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly o: ReplicaSyncOptions) {}

  /** Syncs now (or once more after the sync under way); rejects with the error of the last try. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
          const saved = this.o.holder.current();
          if (saved) this.o.onSynced?.(saved);
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async once(): Promise<void> {
    const { holder } = this.o;
    const timeout = this.o.timeoutMs ?? 10_000;
    const saved = holder.current();
    let key = saved?.key ?? null;
    if (!key) key = await this.fetchKey(saved, timeout);
    let base: Replica = saved && saved.key?.tokenId === key.tokenId ? { ...saved, key } : emptyReplica(key);
    let after = base.cursor;
    for (let restart = 0; ; restart++) {
      try {
        const next = await this.changeSet(after === null ? { ...base, locks: [], entries: {} } : base, after, timeout);
        holder.save(next);
        return;
      } catch (err) {
        if (err instanceof KeyChanged && restart < 2) {
          // The pepper the key came from was retired: every verifier held is under the old key.
          this.o.onStatus?.(`bridge key version ${key.keyVersion ?? 'unknown'} is no longer the API's (${err.keyVersion}); fetching the key again and syncing the replica from scratch`);
          key = await this.fetchKey(null, timeout);
          base = emptyReplica(key);
          after = null;
          continue;
        }
        if (!(err instanceof AccessError) || err.code !== 'CURSOR_EXPIRED' || after === null || restart > 1) throw err;
        this.o.onStatus?.(`replica cursor ${after} expired; syncing the replica from scratch`);
        base = emptyReplica(key);
        after = null;
      }
    }
  }

  /**
   * Fetches the bridge key and saves it: into `saved` when there is one with the same key version,
   * else into an empty replica (the old one's verifiers do not match the new key).
   */
  private async fetchKey(saved: Replica | null, timeout: number): Promise<BridgeKey> {
    const key = (await this.o.api.request(BridgeKeyDocument, {}, timeout)).bridgeKey;
    this.o.holder.save(saved && saved.key === null ? { ...saved, key } : emptyReplica(key));
    return key;
  }

  /** Every page of the change set after `after`, applied to `base`, with its cursor and the time. */
  private async changeSet(base: Replica, after: string | null, timeout: number): Promise<Replica> {
    let replica = base;
    let upTo: string | null = null;
    let afterUser: string | null = null;
    for (;;) {
      const page: ReplicaPage = (await this.o.api.request(BridgeReplicaDocument, { after, upTo, afterUser, first: this.o.pageSize ?? 500 }, timeout)).bridgeReplica;
      if (replica.key && page.keyVersion !== replica.key.keyVersion) throw new KeyChanged(page.keyVersion);
      replica = applyPage(replica, page);
      if (page.nextUserId === null) return { ...replica, cursor: page.cursor, syncedAt: (this.o.now ?? Date.now)() };
      upTo = page.cursor;
      afterUser = page.nextUserId;
    }
  }
}
