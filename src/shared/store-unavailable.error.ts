/**
 * A shared store (Redis) did not answer: unreachable, offline, timed out, or its `run_id` is not
 * known yet after a reconnect. Callers fall back to the database; they never treat it as a miss
 * that may be answered with "nothing" (DESIGN.md section 3).
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly store: string,
    options?: { cause?: unknown },
  ) {
    super(`${store} is unavailable`, options);
    this.name = 'StoreUnavailableError';
  }
}

export const isStoreUnavailable = (err: unknown): err is StoreUnavailableError => err instanceof StoreUnavailableError;

/** `read()`, or `fallback` when the store is unavailable (after `onUnavailable`); other errors propagate. */
export async function orWhenUnavailable<T, F>(read: () => Promise<T>, fallback: F, onUnavailable: (err: StoreUnavailableError) => void): Promise<T | F> {
  try {
    return await read();
  } catch (err) {
    if (!isStoreUnavailable(err)) throw err;
    onUnavailable(err);
    return fallback;
  }
}
