/** What one retention batch did. */
export interface RetentionBatch {
  /** Events deleted (0 when the site's oldest event is not old enough). */
  deleted: number;
  /** The site's floor after the batch: the highest seq ever deleted (0 when none). */
  floor: number;
}

/**
 * Where retention deletes events (the SQL event log). Deletes only ever take a prefix of a site's
 * log, so `floor` is exact: every event at or below it is gone, every event above it is kept.
 */
export interface EventRetentionStore {
  /** The sites holding at least one event written before `cutoff`. */
  sitesWithEventsBefore(cutoff: Date): Promise<string[]>;
  /**
   * Deletes, in one short transaction, up to `limit` of the site's oldest events, stopping at the
   * first one written at or after `cutoff`, and raises the site's floor to the highest seq deleted.
   * Resolves null without deleting when another node is deleting at that moment. Idempotent: two
   * nodes running it together delete each event once and never lower a floor.
   */
  deleteOldest(siteId: string, cutoff: Date, limit: number): Promise<RetentionBatch | null>;
}
