import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AccessMetrics } from '../modules/access/access-metrics.port';
import type { AccessReason } from '../modules/access/access-reason';

/** Prometheus metrics of one process, served at /metrics. */
export class PrometheusMetrics implements AccessMetrics {
  readonly registry = new Registry();
  private readonly decisions = new Counter({ name: 'pingate_lock_decisions_total', help: 'lockAccess decisions by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'pingate_lock_access_seconds',
    help: 'lockAccess decision time inside the service',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly cacheReads = new Counter({ name: 'pingate_access_cache_reads_total', help: 'Access cache reads by kind and result', labelNames: ['kind', 'result'], registers: [this.registry] });
  private readonly lockouts = new Counter({ name: 'pingate_lockouts_started_total', help: 'Keypad lockouts started', registers: [this.registry] });
  private readonly fallbacks = new Counter({ name: 'pingate_redis_fallbacks_total', help: 'Calls answered by the database because Redis failed', labelNames: ['what'], registers: [this.registry] });

  constructor(defaults = true) {
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'pingate_' });
  }

  private readonly byReason = new Map<string, { inc(): void }>();
  private readonly byRead = new Map<string, { inc(): void }>();

  decided(reason: AccessReason, seconds: number): void {
    let counter = this.byReason.get(reason);
    if (!counter) this.byReason.set(reason, (counter = this.decisions.labels({ reason })));
    counter.inc();
    this.latency.observe(seconds);
  }
  cache(kind: 'pin' | 'grants' | 'lock', hit: boolean): void {
    const key = hit ? `${kind}:hit` : `${kind}:miss`;
    let counter = this.byRead.get(key);
    if (!counter) this.byRead.set(key, (counter = this.cacheReads.labels({ kind, result: hit ? 'hit' : 'miss' })));
    counter.inc();
  }
  lockoutStarted(): void {
    this.lockouts.inc();
  }
  fallback(what: 'cache' | 'lockout'): void {
    this.fallbacks.inc({ what });
  }
}
