import type { AttemptLimitOptions } from '../limits/attempt-limiter.port';

/**
 * At most 10 refused sign-in codes per client address per rolling minute (DESIGN.md rule 13). A
 * code has 128 random bits, so this is no guard against guessing one: it keeps a client from
 * hammering the table and the log.
 */
export const SIGN_IN_ATTEMPTS: AttemptLimitOptions = { scope: 'sign-in', limit: 10, windowMs: 60_000, leaseMs: 30_000 };
