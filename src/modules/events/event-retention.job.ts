import type { Clock } from '../../shared/clock';
import type { AttemptLimiter } from '../limits/attempt-limiter.port';
import type { EventRetentionStore } from './event-retention.port';

const DAY_MS = 86_400_000;

export interface RetentionJobOptions {
  /** Events written more than this many days ago are deleted (EVENT_RETENTION_DAYS). */
  retentionDays: number;
  /** Time between two runs, in ms. Default 10 minutes. */
  intervalMs: number;
  /** The first run (and the first prune of attempts), this long after `start`, in ms. Default 30 s. */
  startDelayMs: number;
  /** Events deleted per batch, each batch its own transaction. Default 1000. */
  batchSize: number;
  /** Pause between two batches, in ms, so writers always get in between. Default 50 ms. */
  pauseMs: number;
  /** Time between two prunes of ended attempt-limiter records, in ms. Default 1 hour. */
  pruneIntervalMs: number;
}

export const DEFAULT_RETENTION_OPTIONS: Omit<RetentionJobOptions, 'retentionDays'> = {
  intervalMs: 10 * 60_000,
  startDelayMs: 30_000,
  batchSize: 1000,
  pauseMs: 50,
  pruneIntervalMs: 3_600_000,
};

/** The few logger methods the job uses (pino's Logger fits). */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** What one run did. */
export interface RetentionRun {
  deleted: number;
  batches: number;
  sites: number;
  /** Another node was deleting: this run stopped and left the rest to it. */
  yielded: boolean;
  ms: number;
}

export interface RetentionJobDeps {
  store: EventRetentionStore;
  /** Custom-PIN attempt records (and any limiter sharing its store): pruned once their window ended. */
  attempts: AttemptLimiter;
  clock: Clock;
  logger: JobLogger;
}

/**
 * Retention of the event log (EVENT_RETENTION_DAYS) and of attempt-limiter records, in the
 * background: every `intervalMs` (first `startDelayMs` after `start`) it deletes the events older
 * than the retention period, site by site, in batches of `batchSize` that are each their own short
 * transaction with a pause in between, so writers are never held for long; each site's floor rises
 * with its deletes (CURSOR_EXPIRED below it). One progress line per run. Safe on several nodes:
 * the store lets one node delete at a time and its deletes are idempotent.
 */
export class RetentionJob {
  private readonly options: RetentionJobOptions;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;
  private stopping = false;
  private wakePause: (() => void) | null = null;

  constructor(
    private readonly deps: RetentionJobDeps,
    options: Partial<RetentionJobOptions> & Pick<RetentionJobOptions, 'retentionDays'>,
  ) {
    this.options = { ...DEFAULT_RETENTION_OPTIONS, ...options };
  }

  /** Schedules the runs and the prunes; they never overlap each other. */
  start(): void {
    this.stopping = false;
    this.schedule(this.options.startDelayMs, this.options.intervalMs, () => this.runOnce());
    this.schedule(this.options.startDelayMs, this.options.pruneIntervalMs, () => this.pruneAttempts());
  }

  /** Cancels what is scheduled and waits for a run in progress to stop after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.wakePause?.();
    await this.running?.catch(() => undefined);
  }

  /** Deletes every event older than the retention period now; logs one line. */
  async runOnce(): Promise<RetentionRun> {
    const { store, clock, logger } = this.deps;
    const { retentionDays, batchSize } = this.options;
    const started = performance.now();
    const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS);
    const run: RetentionRun = { deleted: 0, batches: 0, sites: 0, yielded: false, ms: 0 };
    const sites = await store.sitesWithEventsBefore(cutoff);
    run.sites = sites.length;
    sites: for (const siteId of sites) {
      for (;;) {
        if (this.stopping) break sites;
        const batch = await store.deleteOldest(siteId, cutoff, batchSize);
        if (batch === null) {
          run.yielded = true;
          break sites;
        }
        if (batch.deleted > 0) run.batches++;
        run.deleted += batch.deleted;
        if (batch.deleted < batchSize) break;
        await this.pause();
      }
    }
    run.ms = Math.round(performance.now() - started);
    logger.info(
      { retention: { ...run, retentionDays, cutoff: cutoff.toISOString() } },
      `event retention: deleted ${run.deleted} events older than ${retentionDays} days from ${run.sites} sites in ${run.batches} batches, ${run.ms} ms${run.yielded ? ' (another node is deleting: left the rest to it)' : ''}`,
    );
    return run;
  }

  /** Deletes the attempt-limiter records whose window or lease has ended; resolves to how many. */
  async pruneAttempts(): Promise<number> {
    const pruned = await this.deps.attempts.prune(this.deps.clock.now().getTime());
    this.deps.logger.info({ pruned }, `attempt limits: pruned ${pruned} ended records`);
    return pruned;
  }

  private schedule(firstMs: number, everyMs: number, task: () => Promise<unknown>): void {
    const tick = (): void => {
      this.timers = this.timers.filter((t) => t !== timer);
      const previous = this.running ?? Promise.resolve();
      const current = previous
        .catch(() => undefined)
        .then(() => (this.stopping ? undefined : task()))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'retention: run failed; trying again at the next one'));
      this.running = current;
      void current.then(() => {
        if (this.running === current) this.running = null;
        if (!this.stopping) this.schedule(everyMs, everyMs, task);
      });
    };
    const timer = setTimeout(tick, firstMs);
    timer.unref();
    this.timers.push(timer);
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pauseMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakePause = done;
    });
  }
}
