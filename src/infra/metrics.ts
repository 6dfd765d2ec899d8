import { Counter, Histogram, Registry, collectDefaultMetrics, type CounterConfiguration, type LabelValues } from 'prom-client';
import type { AccessMetrics } from '../modules/access/access-metrics.port';
import type { AccessReason } from '../modules/access/access-reason';

/**
 * Increments kept in a plain Map and handed to a prom-client counter when it is read (`collect`):
 * prom-client hashes the label values on every `inc`, which the lockAccess hot path does four times.
 */
class BufferedCounts {
  private readonly counts = new Map<string, { labels: LabelValues<string>; n: number }>();

  add(key: string, labels: LabelValues<string>): void {
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { labels, n: 1 });
  }

  drainInto(counter: Counter<string>): void {
    for (const c of this.counts.values()) {
      if (c.n === 0) continue;
      counter.inc(c.labels, c.n);
      c.n = 0;
    }
  }
}

/** Prometheus metrics of one process, served at /metrics. */
export class PrometheusMetrics implements AccessMetrics {
  readonly registry = new Registry();
  private readonly decisionCounts = new BufferedCounts();
  private readonly readCounts = new BufferedCounts();
  private readonly latency = new Histogram({
    name: 'pingate_lock_access_seconds',
    help: 'lockAccess decision time inside the service',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly lockouts = new Counter({ name: 'pingate_lockouts_started_total', help: 'Keypad lockouts started', registers: [this.registry] });
  /** A counter (not a gauge): hardenings started by failures this node decided; rate() shows new ones. */
  private readonly hardenings = new Counter({ name: 'pingate_sites_hardened', help: 'Sites hardened (daily failure budget spent), counted when it happens', registers: [this.registry] });
  private readonly fallbacks = new Counter({ name: 'pingate_redis_fallbacks_total', help: 'Calls answered by the database because Redis failed', labelNames: ['what'], registers: [this.registry] });

  constructor(defaults = true) {
    registerBuffered(this.decisionCounts, { name: 'pingate_lock_decisions_total', help: 'lockAccess decisions by reason', labelNames: ['reason'], registers: [this.registry] });
    registerBuffered(this.readCounts, { name: 'pingate_access_cache_reads_total', help: 'Access cache reads by kind and result', labelNames: ['kind', 'result'], registers: [this.registry] });
    if (defaults) collectDefaultMetrics({ register: this.registry, prefix: 'pingate_' });
  }

  decided(reason: AccessReason, seconds: number): void {
    this.decisionCounts.add(reason, { reason });
    this.latency.observe(seconds);
  }
  cache(kind: 'pin' | 'grants' | 'lock', hit: boolean): void {
    this.readCounts.add(hit ? `${kind}:hit` : `${kind}:miss`, { kind, result: hit ? 'hit' : 'miss' });
  }
  lockoutStarted(): void {
    this.lockouts.inc();
  }
  siteHardened(): void {
    this.hardenings.inc();
  }
  fallback(what: 'cache' | 'lockout'): void {
    this.fallbacks.inc({ what });
  }
}

/** A counter in `config.registers` that takes its increments from `counts` whenever it is read. */
function registerBuffered(counts: BufferedCounts, config: CounterConfiguration<string>): void {
  new Counter({
    ...config,
    collect() {
      counts.drainInto(this);
    },
  });
}
