/** What one limiter allows: `limit` attempts per key within a rolling `windowMs`. */
export interface AttemptLimitOptions {
  /**
   * Keeps this limiter's keys apart from other limiters' in the shared store, e.g. `custom-pin`.
   * `scope` and key together are at most 200 characters.
   */
  scope: string;
  /** Attempts counted within the window plus reservations in flight, per key, at once. At least 1. */
  limit: number;
  /** A confirmed attempt counts for this long after `confirm`, in milliseconds. */
  windowMs: number;
  /**
   * A reservation neither confirmed nor released within this time (ms) gives its slot back by
   * itself, so a node that died mid-attempt cannot leak it. A late `confirm` still counts.
   * Longer than any request that holds one.
   */
  leaseMs: number;
}

/** A slot taken by `reserve`; hand it to exactly one of `confirm` or `release`. */
export interface AttemptReservation {
  readonly id: string;
  readonly key: string;
}

export type AttemptReserveResult =
  | { ok: true; reservation: AttemptReservation }
  | {
      ok: false;
      /**
       * Whole seconds (>= 1) until a slot may be free: until enough counted attempts leave the
       * window, or 1 while attempts in flight may still give theirs back.
       */
      retryAfterSeconds: number;
    };

/**
 * Reserve before check, for answers that depend on a secret someone may be guessing (a custom
 * PIN's digits: DESIGN.md rule 7; sign-in codes). `reserve` takes a slot atomically, across every
 * node and any concurrency, before the secret is looked at: it succeeds while the attempts counted
 * within the window plus the reservations in flight are under `limit`. Then the caller checks the
 * secret, and `confirm`s the reservation when the answer depended on it (a refusal: it counts for
 * `windowMs`), or `release`s it (accepted, or failed for a reason that does not depend on the
 * secret: the slot goes back). So at most `limit` answers per key per window depend on the secret.
 *
 * Expired leases and attempts older than the window are ignored, and cleaned up as keys are
 * touched; `prune` deletes them for every key.
 *
 * The store is the database on every deployment, Redis or not: the request that is limited writes
 * the database anyway, the database is the one store every node shares, and a copy in Redis would
 * have to be merged back into the database after every Redis outage (counts lost in such a switch
 * are fresh guesses for whoever is guessing).
 *
 * Failure modes: every method rejects when its store cannot answer; `reserve` then grants nothing,
 * never "allow because the counter is down".
 */
export interface AttemptLimiter {
  reserve(key: string): Promise<AttemptReserveResult>;
  /** Counts the attempt for `windowMs` from now (also when its lease has expired). Idempotent. */
  confirm(reservation: AttemptReservation): Promise<void>;
  /** Gives the slot back; a no-op for a confirmed, expired or unknown reservation. */
  release(reservation: AttemptReservation): Promise<void>;
  /**
   * Deletes every attempt whose window or lease has ended at `now` (epoch ms), for all keys of
   * every limiter sharing the store; resolves to how many it deleted. For a retention job.
   */
  prune(now: number): Promise<number>;
}
