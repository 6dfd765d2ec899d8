/** A committed row of the event log, as the checker reads it. */
export interface LoggedEvent {
  seq: number;
  type: string;
  userId: string | null;
  lockId: string | null;
}

const AT_THE_LOCK = new Set(['ACCESS_GRANTED', 'ACCESS_DENIED', 'LOCKOUT_STARTED', 'PERMISSION_GRANTED', 'PERMISSION_REVOKED']);
const PIN_CHANGES = new Set(['PIN_ASSIGNED', 'PIN_REASSIGNED', 'PIN_BLOCKED', 'PIN_UNBLOCKED']);

/**
 * The committed events `lockEvents(lockId)` must carry, in order: the run keeps each lock's PIN
 * holders fixed (only visitors without a PIN get and lose permissions), so this is exact.
 */
export function expectedForLock(log: readonly LoggedEvent[], lockId: string, holders: ReadonlySet<string>): number[] {
  return log
    .filter((e) => (AT_THE_LOCK.has(e.type) ? e.lockId === lockId : PIN_CHANGES.has(e.type) && e.userId !== null && holders.has(e.userId)))
    .map((e) => e.seq);
}

export interface Verdict {
  expected: number;
  handled: number;
  /** Committed events of the lock the bridge never handled. */
  lost: number;
  /** Handled events that are not committed events of the lock. */
  unexpected: number;
  /** Events handled more than once, after the bridge's de-duplication: must be 0. */
  duplicated: number;
  /** Deliveries the bridge dropped as repeats (resumes replay a little): allowed. */
  redelivered: number;
  /** Handled events out of `seq` order. */
  outOfOrder: number;
}

export function judge(expected: readonly number[], handled: readonly number[], deliveries: readonly number[]): Verdict {
  const want = new Set(expected);
  const got = new Set(handled);
  let outOfOrder = 0;
  for (let i = 1; i < handled.length; i++) if (handled[i] <= handled[i - 1]) outOfOrder++;
  return {
    expected: expected.length,
    handled: handled.length,
    lost: expected.filter((s) => !got.has(s)).length,
    unexpected: handled.filter((s) => !want.has(s)).length,
    duplicated: handled.length - got.size,
    redelivered: deliveries.length - handled.length,
    outOfOrder,
  };
}
