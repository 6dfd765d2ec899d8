import type { AccessReason } from './access-reason';

/** What the lock decision reports for /metrics. Every method must be cheap and never throw. */
export interface AccessMetrics {
  decided(reason: AccessReason, seconds: number): void;
  cache(kind: 'pin' | 'grants' | 'lock', hit: boolean): void;
  lockoutStarted(): void;
  /** A failure spent a site's daily budget and hardened it. */
  siteHardened(): void;
  /** A call to Redis failed and the database answered instead. */
  fallback(what: 'cache' | 'lockout'): void;
}

export const noMetrics: AccessMetrics = {
  decided: () => undefined,
  cache: () => undefined,
  lockoutStarted: () => undefined,
  siteHardened: () => undefined,
  fallback: () => undefined,
};
