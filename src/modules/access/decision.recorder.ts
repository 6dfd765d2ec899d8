import type { EntityManager } from '@mikro-orm/knex';
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

  record(siteId: string, drafts: EventDraft[]): void {
    const list = this.pending.get(siteId);
    if (list) list.push(...drafts);
    else this.pending.set(siteId, [...drafts]);
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
          const records = await this.fork().transactional((tem) => this.log.append(tem, siteId, drafts));
          this.log.committed(records);
        } catch (err) {
          this.onError(err);
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
