import type { EntityManager } from '@mikro-orm/knex';
import type { EventRecord } from '../events/event.entity';
import type { EventDraft, EventLog } from '../events/event.log';

/**
 * Writes decision events in batches (DESIGN.md rule 11: at most `flushMs` late, flushed on close),
 * so a door never waits on a database write. One transaction per site per flush.
 */
export class DecisionRecorder {
  private pending = new Map<string, EventDraft[]>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly fork: () => EntityManager,
    private readonly log: EventLog,
    private readonly onError: (err: unknown) => void,
    private readonly flushMs = 200,
  ) {}

  record(siteId: string, draft: EventDraft): void {
    const list = this.pending.get(siteId);
    if (list) list.push(draft);
    else this.pending.set(siteId, [draft]);
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes everything recorded so far; resolves when it is committed (or failed and reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      for (const [siteId, drafts] of batch) {
        try {
          this.log.committed(await this.append(siteId, drafts));
        } catch (err) {
          this.onError(err);
        }
      }
    });
    return this.flushing;
  }

  /**
   * One transaction on the connection itself: nothing here needs the unit of work, and its flush
   * and `em.transactional` run through AsyncLocalStorage, which (on Node 20) taxes every promise
   * of the process from then on. A node that only answers lockAccess never turns it on.
   */
  private async append(siteId: string, drafts: EventDraft[]): Promise<EventRecord[]> {
    const em = this.fork();
    const connection = em.getConnection();
    const trx = await connection.begin();
    em.setTransactionContext(trx);
    try {
      const records = await this.log.append(em, siteId, drafts);
      await connection.commit(trx);
      return records;
    } catch (err) {
      await connection.rollback(trx).catch(() => undefined);
      throw err;
    } finally {
      em.resetTransactionContext();
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
