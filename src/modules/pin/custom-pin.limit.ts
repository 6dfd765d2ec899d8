import type { AttemptLimitOptions } from '../limits/attempt-limiter.port';

/**
 * At most 5 answers that depend on a custom PIN's digits per user per rolling hour (DESIGN.md
 * rule 7). The lease outlasts any assignPin request; a node that dies holding one keeps that
 * user's slot for a minute at most.
 */
export const CUSTOM_PIN_ATTEMPTS: AttemptLimitOptions = { scope: 'custom-pin', limit: 5, windowMs: 3_600_000, leaseMs: 60_000 };
