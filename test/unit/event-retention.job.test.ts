import { MemoryAttemptLimiter } from '../../src/infra/memory/attempt-limiter.memory';
import { RetentionJob, type JobLogger } from '../../src/modules/events/event-retention.job';
import type { EventRetentionStore, RetentionBatch } from '../../src/modules/events/event-retention.port';
import { eventually, sleep } from '../support/clock.support';

/** A log of `old` events per site, deleted `limit` at a time; counts the batches. */
function storeWith(old: Record<string, number>, batchDelayMs = 0): EventRetentionStore & { batches: number } {
  const left = { ...old };
  const floors: Record<string, number> = {};
  const store = {
    batches: 0,
    sitesWithEventsBefore: async () => Object.keys(left).filter((s) => left[s] > 0),
    deleteOldest: async (siteId: string, _cutoff: Date, limit: number): Promise<RetentionBatch> => {
      await sleep(batchDelayMs);
      store.batches++;
      const deleted = Math.min(limit, left[siteId]);
      left[siteId] -= deleted;
      floors[siteId] = (floors[siteId] ?? 0) + deleted;
      return { deleted, floor: floors[siteId] };
    },
  };
  return store;
}

function recordingLogger(): JobLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_f, m) => void lines.push(m), warn: (_f, m) => void lines.push(`WARN ${m}`) };
}

const clock = { now: () => new Date(Date.UTC(2026, 11, 3)) };
const attempts = () => new MemoryAttemptLimiter({ scope: 'custom-pin', limit: 5, windowMs: 3_600_000, leaseMs: 60_000, now: () => clock.now().getTime() });

describe('RetentionJob', () => {
  it('deletes site by site in batches of batchSize and logs one line per run', async () => {
    const store = storeWith({ a: 12, b: 3 });
    const logger = recordingLogger();
    const job = new RetentionJob({ store, attempts: attempts(), clock, logger }, { retentionDays: 30, batchSize: 5, pauseMs: 0 });
    expect(await job.runOnce()).toMatchObject({ deleted: 15, batches: 4, sites: 2, yielded: false });
    expect(logger.lines).toEqual([expect.stringMatching(/^event retention: deleted 15 events older than 30 days from 2 sites in 4 batches, \d+ ms$/)]);
  });

  it('leaves the rest to another node when the store says one is deleting', async () => {
    const logger = recordingLogger();
    const store: EventRetentionStore = { sitesWithEventsBefore: async () => ['a'], deleteOldest: async () => null };
    const job = new RetentionJob({ store, attempts: attempts(), clock, logger }, { retentionDays: 30 });
    expect(await job.runOnce()).toMatchObject({ deleted: 0, yielded: true });
    expect(logger.lines[0]).toMatch(/another node is deleting/);
  });

  it('runs shortly after start and again every interval, and stop() ends a run after its current batch', async () => {
    const store = storeWith({ a: 1000 }, 5);
    const logger = recordingLogger();
    const job = new RetentionJob({ store, attempts: attempts(), clock, logger }, { retentionDays: 30, startDelayMs: 10, intervalMs: 60_000, batchSize: 10, pauseMs: 5 });
    job.start();
    await eventually(() => expect(store.batches).toBeGreaterThanOrEqual(3));
    await job.stop();
    const stoppedAt = store.batches;
    expect(stoppedAt).toBeLessThan(100);
    await sleep(50);
    expect(store.batches).toBe(stoppedAt);
    expect(logger.lines.filter((l) => l.startsWith('event retention:'))).toHaveLength(1);
  });

  it('logs a failed run and tries again at the next one', async () => {
    let calls = 0;
    const store: EventRetentionStore = {
      sitesWithEventsBefore: async () => {
        calls++;
        if (calls === 1) throw new Error('database down');
        return [];
      },
      deleteOldest: async () => ({ deleted: 0, floor: 0 }),
    };
    const logger = recordingLogger();
    const job = new RetentionJob({ store, attempts: attempts(), clock, logger }, { retentionDays: 30, startDelayMs: 1, intervalMs: 20, pruneIntervalMs: 60_000 });
    job.start();
    await eventually(() => expect(logger.lines.some((l) => l.startsWith('event retention: deleted 0'))).toBe(true));
    await job.stop();
    expect(logger.lines).toContain('WARN retention: run failed; trying again at the next one');
  });
});
