import type { EntityManager } from '@mikro-orm/knex';
import type { AccessCacheSync, CacheTargets } from '../access/access-cache.sync';
import { PinEventType } from '../events/event.entity';
import type { EventLog } from '../events/event.log';

/** A PIN let in under an older key version, with both digests (the digits stay with the caller). */
export interface RekeyRequest {
  siteId: string;
  pinId: string;
  userId: string;
  fromVersion: number;
  fromDigest: string;
  /** The digest of the same digits under the current version. */
  toDigest: string;
}

/**
 * Stores a PIN verified under an older pepper again under the current one (pepper rotation, DESIGN.md
 * rule 2), once the digits were in hand for a granted decision. The row moves only if it is still
 * ACTIVE under the old digest, so concurrent grants on any number of nodes re-key it once; the
 * PIN_REKEYED event (ids only) and the cache entries of both digests go through the same
 * write-through as every PIN change: the old digest's entry ends as a REPLACED tombstone.
 */
export class PinRekeyer {
  private readonly running = new Map<string, Promise<boolean>>();

  constructor(
    private readonly fork: () => EntityManager,
    private readonly events: EventLog,
    private readonly sync: AccessCacheSync,
    private readonly currentVersion: number,
    /** Called without the error's text (it may quote SQL): the PIN is re-keyed on its next grant. */
    private readonly onError: (pinId: string, err: unknown) => void = () => undefined,
  ) {}

  /** Starts a re-key in the background; never throws. A re-key of the same PIN already running is joined. */
  schedule(req: RekeyRequest): void {
    if (this.running.has(req.pinId)) return;
    const run = this.rekey(req)
      .catch((err) => {
        this.onError(req.pinId, err);
        return false;
      })
      .finally(() => this.running.delete(req.pinId));
    this.running.set(req.pinId, run);
  }

  /**
   * Re-keys now; resolves true when this call moved the row, false when it had moved already or is
   * no longer ACTIVE under the old digest. Rejects on a database failure (nothing changed then).
   */
  async rekey(req: RekeyRequest): Promise<boolean> {
    const targets: CacheTargets = { pins: [{ siteId: req.siteId, digest: req.fromDigest }, { siteId: req.siteId, digest: req.toDigest }] };
    // A transaction on the connection, as the decision recorder writes: em.transactional would turn
    // on AsyncLocalStorage for the whole process, a tax on every later decision.
    const em = this.fork();
    const connection = em.getConnection();
    const trx = await connection.begin();
    em.setTransactionContext(trx);
    let records;
    let bumped: boolean;
    try {
      const moved = await em.execute(
        `update pin set digest = ?, key_version = ? where id = ? and site_id = ? and digest = ? and key_version = ? and status = 'ACTIVE'`,
        [req.toDigest, this.currentVersion, req.pinId, req.siteId, req.fromDigest, req.fromVersion],
        'run',
      );
      if (affected(moved) !== 1) {
        await connection.rollback(trx);
        return false;
      }
      records = await this.events.append(em, req.siteId, [{ type: PinEventType.PIN_REKEYED, userId: req.userId, pinId: req.pinId }]);
      bumped = await this.sync.markPending(em, targets, records[0].seq);
      await connection.commit(trx);
    } catch (err) {
      await connection.rollback(trx).catch(() => undefined);
      throw err;
    } finally {
      em.resetTransactionContext();
    }
    this.events.committed(records);
    await this.sync.refresh(this.fork(), targets, bumped);
    return true;
  }

  /** Waits for the re-keys in flight (shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}

const affected = (result: unknown): number => {
  const r = result as { affectedRows?: number; rowCount?: number; changes?: number } | number | undefined;
  if (typeof r === 'number') return r;
  return Number(r?.affectedRows ?? r?.rowCount ?? r?.changes ?? 0);
};
