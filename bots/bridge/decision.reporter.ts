import { ReportOfflineDecisionsDocument } from '../gql/graphql';
import { isUnreachable, type ApiClient } from './api.client';
import type { DecisionQueue, OfflineRecord } from './decision.queue';

/** The most decisions one `reportOfflineDecisions` call takes. */
export const REPORT_BATCH = 500;
/**
 * PinGate refuses request bodies over 16 kB (PAYLOAD_TOO_LARGE), about 70 decisions: a batch
 * stops at this many bytes of decisions, leaving room for the rest of the request.
 */
export const REPORT_BODY_BYTES = 15_000;

/** The oldest records that fit one call: at most `max` of them and `maxBytes` of JSON (at least one). */
export function nextBatch(records: readonly OfflineRecord[], max = REPORT_BATCH, maxBytes = REPORT_BODY_BYTES): OfflineRecord[] {
  const batch: OfflineRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = Buffer.byteLength(JSON.stringify(r)) + 1;
    if (batch.length >= max || (batch.length > 0 && bytes + size > maxBytes)) break;
    batch.push(r);
    bytes += size;
  }
  return batch;
}

export interface ReporterOptions {
  api: ApiClient;
  queue: DecisionQueue;
  timeoutMs?: number;
  /** Bytes of decisions per call (default REPORT_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Records the server would refuse for their age (older than offlineGraceHours + 24 h): dropped, with a status line. */
  tooOld?: (record: OfflineRecord) => boolean;
  onStatus?: (line: string) => void;
}

/**
 * Reports the queued offline decisions, oldest first, in batches of up to 500 (and 15 kB), and drops each
 * batch from the queue once the server has acknowledged it (recorded, or a duplicate of one it
 * recorded before). Stops at the first failure, keeping the rest for the next flush. One flush runs
 * at a time.
 */
export class DecisionReporter {
  private running: Promise<number> | null = null;

  constructor(private readonly o: ReporterOptions) {}

  /** Resolves with the number of decisions acknowledged; never rejects. */
  flush(): Promise<number> {
    if (this.o.queue.pending().length === 0) return Promise.resolve(0);
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<number> {
    let acknowledged = 0;
    for (;;) {
      const old = this.o.tooOld ? this.o.queue.pending().filter(this.o.tooOld) : [];
      if (old.length > 0) {
        this.o.queue.acknowledge(old.map((r) => r.id));
        this.o.onStatus?.(`dropped ${old.length} offline decisions older than PinGate accepts`);
      }
      const batch = nextBatch(this.o.queue.pending(), REPORT_BATCH, this.o.maxBodyBytes ?? REPORT_BODY_BYTES);
      if (batch.length === 0) return acknowledged;
      try {
        const report = (await this.o.api.request(ReportOfflineDecisionsDocument, { decisions: batch }, this.o.timeoutMs ?? 10_000)).reportOfflineDecisions;
        this.o.queue.acknowledge(batch.map((r) => r.id));
        acknowledged += batch.length;
        this.o.onStatus?.(`reported ${batch.length} offline decisions (${report.recorded} recorded, ${report.duplicates} already known)`);
      } catch (err) {
        if (!isUnreachable(err)) this.o.onStatus?.(`offline decisions refused, kept for later: ${(err as Error).message}`);
        return acknowledged;
      }
    }
  }
}
