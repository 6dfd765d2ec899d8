import type { Config } from './config';
import { createAdapters, type Adapters } from './infra/adapters.factory';
import { throttledWarning } from './infra/log.throttle';
import type { Logger } from './infra/logger';
import { PrometheusMetrics } from './infra/metrics';
import { SqlAttemptLimiter } from './infra/orm/attempt-limiter.sql';
import { openDatabase, type Database } from './infra/orm/orm.factory';
import { loadOrCreatePepper } from './infra/pepper.file';
import { AccessCacheSync } from './modules/access/access-cache.sync';
import { AccessStateReader } from './modules/access/access-state.reader';
import { CacheEpochStore, EpochedAccessCache } from './modules/access/cache-epoch';
import { DecisionRecorder } from './modules/access/decision.recorder';
import { LockoutAdminService } from './modules/access/lockout.admin.service';
import { LockAccessService } from './modules/access/lock-access.service';
import { PermissionService } from './modules/access/permission.service';
import type { Services } from './modules/api.context';
import type { EventRecord } from './modules/events/event.entity';
import type { AttemptLimiter } from './modules/limits/attempt-limiter.port';
import { EventLog } from './modules/events/event.log';
import { EventQueryService } from './modules/events/event.service';
import { EventStreamService, type EventStreamServiceOptions } from './modules/events/event-stream.service';
import { LockService } from './modules/lock/lock.service';
import { CUSTOM_PIN_ATTEMPTS } from './modules/pin/custom-pin.limit';
import { checkPepperKeys } from './modules/pin/pepper-keys.check';
import { PinIssuer } from './modules/pin/pin.issuer';
import { PinRekeyer } from './modules/pin/pin.rekeyer';
import { PinService } from './modules/pin/pin.service';
import { lockoutHardeningReader } from './modules/risk/site-hardening.reader';
import { SiteRiskService } from './modules/risk/site-risk.service';
import { SiteService } from './modules/site/site.service';
import { CredentialsVersions } from './modules/token/credentials-version.sync';
import { TokenService } from './modules/token/token.service';
import { TokenUsageTracker } from './modules/token/token-usage.tracker';
import { SignInService } from './modules/identity/sign-in.service';
import { SIGN_IN_ATTEMPTS } from './modules/identity/sign-in.limit';
import { UserService } from './modules/user/user.service';
import { systemClock, type Clock } from './shared/clock';
import { pepperRing } from './shared/pin-digest';
import { toPublishedEvent } from './modules/events/event.published';
import { BridgeAdminService } from './modules/bridge/bridge-admin.service';
import { BridgeKeyService } from './modules/bridge/bridge-key.service';
import { BridgeKeys } from './modules/bridge/bridge-keys';
import { BridgeReplicaService } from './modules/bridge/bridge-replica.service';
import { BridgeVerifiers } from './modules/bridge/bridge-verifiers';
import { OfflineReportService } from './modules/bridge/offline-report.service';

/** The process-wide parts every entry point (server, CLI, tests) shares. */
export interface Core {
  config: Config;
  logger: Logger;
  db: Database;
  adapters: Adapters;
  eventLog: EventLog;
  recorder: DecisionRecorder;
  metrics: PrometheusMetrics;
  /** The access cache as the services see it (epoched); exposed for tests and the benchmark. */
  accessCache: EpochedAccessCache;
  reader: AccessStateReader;
  /** Custom-PIN attempts per user, in the database; its `prune` clears every limiter's ended attempts. */
  customPinAttempts: AttemptLimiter;
  /** Last uses of tokens, written in batches; exposed for tests. */
  tokenUsage: TokenUsageTracker;
  /** Moves PINs to the current pepper on their granted decisions; exposed for tests. */
  rekeyer: PinRekeyer;
  /** Writes bridges' verifiers (offline doors); exposed for tests. */
  verifiers: BridgeVerifiers;
  services: Services;
  close(): Promise<void>;
}

export interface CoreOptions {
  clock?: Clock;
  /** How often token last uses are written (ms, default 15 000). */
  tokenUsageFlushMs?: number;
  /** Tuning of live event streams (tests shorten the head check). */
  eventStreams?: EventStreamServiceOptions;
}

export async function createCore(config: Config, logger: Logger, options: CoreOptions = {}): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const pepper = config.pinPepper ?? loadOrCreatePepper(config.dataDir, logger);
  const peppers = pepperRing(config.pinPepperVersion, pepper, config.pinPeppersPrevious);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  try {
    await checkPepperKeys(db.fork(), peppers, clock.now());
  } catch (err) {
    await db.close();
    throw err;
  }
  const metrics = new PrometheusMetrics();
  const adapters = await createAdapters(config, db, logger, () => metrics.fallback('lockout'));
  const cacheError = throttledWarning(logger, 'access cache unavailable: the database decides');
  const cacheFailure = (err: unknown) => {
    metrics.fallback('cache');
    cacheError(err);
  };

  const eventLog = new EventLog(() => clock.now(), db.dialect);
  eventLog.addSink({
    committed: (events: readonly EventRecord[]) => {
      const bySite = new Map<string, EventRecord[]>();
      for (const e of events) {
        const batch = bySite.get(e.siteId);
        if (batch) batch.push(e);
        else bySite.set(e.siteId, [e]);
      }
      for (const [siteId, batch] of bySite) {
        adapters.bus.publishMany(siteId, batch.map(toPublishedEvent)).catch((err) => logger.warn({ err }, 'events not published: subscribers catch up from the log'));
      }
    },
  });
  const epochs = new CacheEpochStore();
  const cache = new EpochedAccessCache(adapters.cache, () => epochs.read(db.fork()), cacheError);
  await cache.start();
  const reader = new AccessStateReader();
  const sync = new AccessCacheSync(cache, reader, epochs, cacheError);
  const recorder = new DecisionRecorder(() => db.fork(), eventLog, (err) => logger.error({ err }, 'decision events not written'));

  const rekeyer = new PinRekeyer(() => db.fork(), eventLog, sync, peppers.current, (pinId, err) =>
    logger.warn({ pinId, error: err instanceof Error ? err.name : 'unknown' }, 'PIN not re-keyed to the current pepper: it will be on its next grant'),
  );

  const bridgeKeys = new BridgeKeys(peppers);
  const verifiers = new BridgeVerifiers(bridgeKeys, () => db.fork(), () => clock.now(), (pinId, err) =>
    logger.warn({ pinId, error: err instanceof Error ? err.name : 'unknown' }, 'bridge verifiers not written: they will be on the next grant'),
  );
  const issuer = new PinIssuer(peppers);

  const customPinAttempts = new SqlAttemptLimiter({ ...CUSTOM_PIN_ATTEMPTS, em: db.fork(), dialect: db.dialect, now: () => clock.now().getTime() });

  const signInAttempts = new SqlAttemptLimiter({ ...SIGN_IN_ATTEMPTS, em: db.fork(), dialect: db.dialect, now: () => clock.now().getTime() });
  const tokenUsage = new TokenUsageTracker(() => db.fork(), (err) => logger.warn({ err }, 'token last use not recorded: retried at the next flush'));
  tokenUsage.start(options.tokenUsageFlushMs);
  const tokens = new TokenService(new CredentialsVersions(adapters.credentials, cache, epochs, db.dialect, cacheFailure), () => clock.now().getTime(), tokenUsage);
  const services: Services = {
    sites: new SiteService(eventLog, sync),
    risk: new SiteRiskService(lockoutHardeningReader(adapters.lockout, () => db.fork())),
    users: new UserService(eventLog, sync, tokens),
    locks: new LockService(eventLog, sync),
    permissions: new PermissionService(eventLog, sync),
    pins: new PinService(issuer, eventLog, clock, sync, customPinAttempts, verifiers),
    tokens,
    signIn: new SignInService({ tokens, events: eventLog, attempts: signInAttempts, publicUrl: config.publicUrl, sessionTtlHours: config.sessionTtlHours, now: () => clock.now().getTime() }),
    events: new EventQueryService(),
    eventStreams: new EventStreamService(
      { bus: adapters.bus, fork: () => db.fork(), onError: (err) => logger.warn({ err }, 'live events degraded: streams catch up from the log') },
      options.eventStreams,
    ),
    lockouts: new LockoutAdminService(adapters.lockout, eventLog),
    access: new LockAccessService({ cache, reader, attempts: adapters.attempts(cache, cacheFailure), lockout: adapters.lockout, peppers, recorder, clock, metrics, onCacheError: cacheError, rekey: (req) => rekeyer.schedule(req), verifierFill: (fill) => verifiers.schedule(fill) }),
    bridgeKeys: new BridgeKeyService(bridgeKeys, clock),
    bridgeReplica: new BridgeReplicaService(clock, bridgeKeys),
    offlineReports: new OfflineReportService(eventLog, clock),
    bridgeAdmin: new BridgeAdminService({ events: eventLog, sync, issuer, verifiers, usage: tokenUsage, clock }),
  };
  return {
    config,
    logger,
    db,
    adapters,
    eventLog,
    recorder,
    metrics,
    accessCache: cache,
    reader,
    customPinAttempts,
    tokenUsage,
    rekeyer,
    verifiers,
    services,
    close: async () => {
      services.eventStreams.close();
      await recorder.close();
      await rekeyer.drain();
      await verifiers.drain();
      await tokenUsage.stop().catch((err) => logger.warn({ err }, 'token last uses not written at shutdown'));
      cache.stop();
      await adapters.close();
      await db.close();
    },
  };
}
