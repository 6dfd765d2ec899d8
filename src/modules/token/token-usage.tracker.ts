import type { EntityManager } from '@mikro-orm/knex';
import { AccessToken } from './token.entity';

const MINUTE_MS = 60_000;
/** Tokens remembered between flushes; beyond it the oldest pending minutes are written early. */
const MAX_PENDING = 50_000;

/**
 * Keeps `AccessToken.lastUsedAt` to the minute without a write per request: `touch` records the
 * minute a token was used in memory; `flush` writes the tokens whose minute changed since the last
 * flush, one UPDATE per distinct minute (usually one), never moving a value backwards. The
 * composition root flushes every `intervalMs` and on shutdown; a node that dies loses at most that
 * much usage.
 */
export class TokenUsageTracker {
  private pending = new Map<string, number>();
  private readonly written = new Map<string, number>();
  /** The exact last use of each token on this node (for bridges' `lastSeenAt`), never written. */
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly fork: () => EntityManager,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Records a use at `at` (epoch ms), rounded down to its minute. No I/O. */
  touch(tokenId: string, at: number): void {
    if (this.seen.size > MAX_PENDING && !this.seen.has(tokenId)) this.seen.clear();
    this.seen.set(tokenId, Math.max(at, this.seen.get(tokenId) ?? 0));
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    if (this.written.get(tokenId) === minute || this.pending.get(tokenId) === minute) return;
    this.pending.set(tokenId, minute);
    if (this.pending.size > MAX_PENDING) void this.flush();
  }

  /** The last use of a token on this node (epoch ms), to the millisecond; undefined when none since start. */
  lastSeen(tokenId: string): number | undefined {
    return this.seen.get(tokenId);
  }

  /** Writes what changed; resolves once written (or failed: the minutes are kept for the next flush). */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  start(intervalMs = 15_000): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const byMinute = new Map<number, string[]>();
    for (const [id, minute] of batch) {
      const ids = byMinute.get(minute);
      if (ids) ids.push(id);
      else byMinute.set(minute, [id]);
    }
    try {
      const em = this.fork();
      for (const [minute, ids] of byMinute) {
        const at = new Date(minute);
        await em.nativeUpdate(AccessToken, { id: { $in: ids }, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: at } }] }, { lastUsedAt: at });
      }
      if (this.written.size > MAX_PENDING) this.written.clear();
      for (const [id, minute] of batch) this.written.set(id, minute);
    } catch (err) {
      for (const [id, minute] of batch) if (!this.pending.has(id)) this.pending.set(id, minute);
      this.onError(err);
    }
  }
}
