import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createCore, type Core } from '../../src/core.factory';
import { createLogger } from '../../src/infra/logger';
import { startApiProcess, type ApiProcess } from './api.process';
import { createBenchDatabase, type BenchDatabase } from './bench.database';
import { parseBenchOptions, type BenchOptions } from './bench.options';
import { runLoad, type PhaseResult } from './load.phase';
import { benchBridge, offlineDecisionPhase, replicaSyncPhase } from './offline.phase';
import { formatTable, type TableRow } from './report.table';
import { seedBenchSite, type LockPin, type SeededBenchSite } from './site.seeder';

const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const LOCK_ACCESS = 'query($l:ID!,$p:String!){lockAccess(lockId:$l,pin:$p){granted reason}}';
const accessBody = (p: LockPin) => JSON.stringify({ query: LOCK_ACCESS, variables: { l: p.lockId, p: p.pin } });
const isTypename = (body: string) => body.includes('"__typename":"Query"');
const hasReason = (reason: string) => (body: string) => body.includes(`"reason":"${reason}"`);
const RATIO_TARGET = 0.7;
/** CPU % of one core used by processes outside the benchmark above which the run is flagged as noisy. */
const BUSY_OTHER_PCT = 25;

interface WsFanoutResult {
  p50Ms: number;
  p99Ms: number;
  received: number;
  expected: number;
}
type WsFanoutPhase = (opts: { urlA: string; urlB: string; adminToken: string; bridgeToken: string; siteId: string; subscribers?: number }) => Promise<WsFanoutResult>;

let shown = 0;
/** Overwrites the current line (`\rseeding users 4000/10000`). */
const progress = (line: string) => {
  process.stdout.write(`\r${line.padEnd(shown)}`);
  shown = line.length;
};
const say = (line: string) => {
  process.stdout.write(`${shown > 0 ? `\r${' '.repeat(shown)}\r` : ''}${line}\n`);
  shown = 0;
};

/** Phase (e) is written separately; it runs only when its module was built next to this one. */
async function loadWsFanout(): Promise<WsFanoutPhase | null> {
  const file = path.join(__dirname, 'ws-fanout.phase.js');
  if (!fs.existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { wsFanoutPhase?: WsFanoutPhase; default?: { wsFanoutPhase?: WsFanoutPhase } };
  return mod.wsFanoutPhase ?? mod.default?.wsFanoutPhase ?? null;
}

/** Asks a few pairs one by one: the phase measures nothing unless the answers are the expected ones. */
async function checkAnswers(url: string, token: string, pairs: readonly LockPin[], reason: string): Promise<void> {
  const picks = Array.from({ length: Math.min(20, pairs.length) }, (_, k) => pairs[Math.floor((k * pairs.length) / Math.min(20, pairs.length))]);
  for (const pair of picks) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: accessBody(pair) });
    const text = await res.text();
    if (!res.ok || !hasReason(reason)(text)) {
      throw new Error(`expected ${reason} before measuring, got HTTP ${res.status}: ${text.replaceAll(pair.pin, '<pin>').slice(0, 300)}`);
    }
  }
}

/** Deletes the cache and lockout entries of the bench site from a Redis that others may share. */
async function forgetRedisKeys(core: Core, seeded: SeededBenchSite): Promise<number> {
  const client = core.adapters.redis?.client;
  if (!client?.isReady) return 0;
  const locks = new Set(seeded.lockIds);
  let deleted = 0;
  for await (const batch of client.scanIterator({ MATCH: 'pg:*', COUNT: 1000 })) {
    const mine = batch.filter((k) => k.includes(seeded.siteId) || locks.has(k.slice(-36)));
    if (mine.length > 0) deleted += await client.del(mine);
  }
  return deleted;
}

async function run(opts: BenchOptions, cleanups: Array<() => Promise<unknown>>): Promise<void> {
  const pgServer = process.env.DATABASE_URL?.trim() || undefined;
  const redisUrl = process.env.REDIS_URL?.trim() || undefined;
  const backend = `${pgServer ? 'postgresql' : 'sqlite'}+${redisUrl ? 'redis' : 'memory'}`;
  const phases = new Set(opts.phases);

  const database: BenchDatabase = await createBenchDatabase(pgServer);
  cleanups.push(() => database.drop());
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PIN_PEPPER: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DATA_DIR: database.dataDir,
    // Blank means unset to loadConfig: the API must not inherit the server URL we were given.
    DATABASE_URL: database.databaseUrl ?? '',
    REDIS_URL: redisUrl ?? '',
  };
  say(`PinGate benchmark: ${backend} (${database.label}), ${os.cpus().length} cores, node ${process.version}`);
  say(`API in a child process (node dist/src/main.js, NODE_ENV=production); autocannon in this process; loopback`);

  const core = await createCore(loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1' }), createLogger('error', pino.destination(2)));
  cleanups.push(() => core.close());
  const seeded = await seedBenchSite(core, { users: opts.users, locks: opts.locks, pins: opts.pins, concurrency: opts.seedConcurrency, progress });
  cleanups.push(() => forgetRedisKeys(core, seeded));
  say(`seeded in ${seeded.seconds} s: ${seeded.users} users, ${seeded.lockIds.length} locks, ${seeded.permissions} permissions, ${seeded.pinsIssued} PINs (PinService.assign)`);

  const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.profileDir)}`] : [];
  const apis: ApiProcess[] = [];
  const startApi = async (name: string) => {
    const api = await startApiProcess({ env, nodeArgs, name });
    apis.push(api);
    return api;
  };
  cleanups.push(async () => Promise.all(apis.map((a) => a.stop())));
  let api = await startApi('api-a');

  const bridge = { authorization: `Bearer ${seeded.bridgeToken}` };
  const load = (title: string, bodies: readonly string[], expect: (b: string) => boolean, extra: { duration?: number; amount?: number; headers?: Record<string, string> }) =>
    runLoad({ url: api.url, connections: opts.connections, bodies, expect, serverCpuSeconds: () => api.cpuSeconds(), title, ...extra });
  const granted = seeded.granted.map(accessBody);
  const refused = seeded.noPermission.map(accessBody);
  const results: Record<string, PhaseResult | Record<string, unknown>> = {};
  const diagnostics: Record<string, PhaseResult> = {};
  const rows: TableRow[] = [];
  /** Warm-up and fill passes are not measured, but a wrong answer there is still reported. */
  const unmeasured = async (title: string, bodies: readonly string[], expect: (b: string) => boolean, extra: { duration?: number; amount?: number; headers?: Record<string, string> }) => {
    const r = await load(title, bodies, expect, extra);
    if (r.non2xx + r.wrongAnswers + r.errors > 0) say(`warning: ${title}: non-2xx ${r.non2xx}, wrong answers ${r.wrongAnswers}, errors ${r.errors}`);
  };
  const measured = (key: string, label: string, r: PhaseResult) => {
    results[key] = r;
    rows.push({ phase: label, result: r });
    say(`${label}: ${r.reqPerSec.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, wrong ${r.wrongAnswers}, errors ${r.errors}`);
  };

  // (a) and (b) alternate for `rounds` rounds and each is reported by its median round: a burst of
  // work elsewhere on the machine then moves one round, not the ratio.
  const measureA = phases.has('a') ? () => load('a', [TYPENAME], isTypename, { duration: opts.duration }) : null;
  const measureB = phases.has('b') ? () => load('b', granted, hasReason('GRANTED'), { duration: opts.duration, headers: bridge }) : null;
  if (measureA && opts.warmup > 0) {
    progress(`(a) warm-up ${opts.warmup} s`);
    await unmeasured('warm-up a', [TYPENAME], isTypename, { duration: opts.warmup });
  }
  if (measureB) {
    await checkAnswers(api.url, seeded.bridgeToken, seeded.granted, 'GRANTED');
    progress(`(b) filling the cache: every (lock, PIN) pair once, ${granted.length} requests`);
    await unmeasured('fill b', granted, hasReason('GRANTED'), { amount: granted.length, headers: bridge });
    if (opts.warmup > 0) {
      progress(`(b) warm-up ${opts.warmup} s`);
      await unmeasured('warm-up b', granted, hasReason('GRANTED'), { duration: opts.warmup, headers: bridge });
    }
  }
  const rounds: { a: PhaseResult[]; b: PhaseResult[] } = { a: [], b: [] };
  for (let round = 1; round <= opts.rounds; round++) {
    for (const [key, measure, label] of [['a', measureA, '(a) { __typename }'], ['b', measureB, '(b) lockAccess cache hits']] as const) {
      if (!measure) continue;
      progress(`${label}, round ${round}/${opts.rounds}, ${opts.duration} s`);
      const r = await measure();
      rounds[key].push(r);
      say(`${label}, round ${round}/${opts.rounds}: ${r.reqPerSec.toFixed(0)} req/s, p99 ${r.p99Ms} ms, API CPU ${r.apiCpuUsPerRequest ?? '-'} µs/req, other ${r.cpu.otherPct ?? '-'}%`);
    }
  }
  const of = opts.rounds > 1 ? ` [median of ${opts.rounds}]` : '';
  if (measureA) measured('a_typename', `(a) { __typename }${of}`, median(rounds.a));
  if (measureB) measured('b_lockaccess_hit', `(b) lockAccess GRANTED (hit)${of}`, median(rounds.b));
  if (measureA) {
    progress(`(a') { __typename } with the bridge token for ${opts.duration} s`);
    const withToken = await load("a'", [TYPENAME], isTypename, { duration: opts.duration, headers: bridge });
    diagnostics.a_typename_with_bridge_token = withToken;
    rows.push({ phase: "(a') { __typename } + token [diag]", result: withToken });
  }

  if (phases.has('c')) {
    await checkAnswers(api.url, seeded.bridgeToken, seeded.noPermission, 'NO_PERMISSION');
    progress(`(c) filling the cache: ${refused.length} requests`);
    await unmeasured('fill c', refused, hasReason('NO_PERMISSION'), { amount: refused.length, headers: bridge });
    progress(`(c) lockAccess NO_PERMISSION for ${opts.duration} s`);
    measured('c_no_permission', '(c) lockAccess NO_PERMISSION', await load('c', refused, hasReason('NO_PERMISSION'), { duration: opts.duration, headers: bridge }));
  }

  if (phases.has('d')) {
    progress('(d) stopping the API, moving the cache to a fresh key space (cache_epoch + 1), starting it again');
    await api.stop();
    // Redis keeps its entries across an API restart; a new epoch is a key space nothing was written to.
    await core.db.fork().execute('update cache_epoch set epoch = epoch + 1 where id = 1');
    api = await startApi('api-a2');
    progress(`(d) lockAccess right after the restart (ready in ${api.startMs} ms) for ${opts.coldDuration} s`);
    const r = await load('d', granted, hasReason('GRANTED'), { duration: opts.coldDuration, headers: bridge });
    measured('d_cold_cache', '(d) lockAccess after restart (cold)', r);
    Object.assign(r, { restartReadyMs: api.startMs, distinctPairs: Math.min(r.requests, granted.length) });
  }

  if (phases.has('e')) {
    const wsFanout = await loadWsFanout();
    if (!wsFanout) {
      rows.push({ phase: '(e) events fan-out over 2 nodes', result: null, note: 'skipped: test/bench/ws-fanout.phase.ts is not there' });
    } else if (!redisUrl) {
      rows.push({ phase: '(e) events fan-out over 2 nodes', result: null, note: 'skipped: needs REDIS_URL (pub/sub between nodes)' });
    } else {
      progress('(e) starting a second API node, then the events fan-out');
      const b = await startApi('api-b');
      const r = await wsFanout({ urlA: api.url, urlB: b.url, adminToken: seeded.adminToken, bridgeToken: seeded.bridgeToken, siteId: seeded.siteId, subscribers: opts.subscribers });
      results.e_ws_fanout = { ...r };
      rows.push({ phase: '(e) events fan-out over 2 nodes', result: null, note: `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, received ${r.received}/${r.expected}` });
      say(`(e) events fan-out: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, received ${r.received}/${r.expected}`);
    }
  }

  if (phases.has('f') || phases.has('g')) {
    const offline = benchBridge(seeded.bridgeToken);
    cleanups.push(async () => offline.remove());
    // (g) decides from the replica (f) brings in: without (f) the replica is synced all the same, unmeasured.
    progress(`(f) replica of ${seeded.users} users synced from scratch by the bridge's sync code`);
    const f = await replicaSyncPhase({ url: api.url, bridgeToken: seeded.bridgeToken, bridge: offline });
    if (phases.has('f')) {
      results.f_replica_sync = { ...f };
      const met = f.seconds < f.targetSeconds ? 'met' : 'NOT met';
      rows.push({ phase: '(f) bridge replica sync from scratch', result: null, note: `${f.seconds} s for ${f.users} users in ${f.pages} pages (target < ${f.targetSeconds} s: ${met}); ${f.ratioToTypename}x a { __typename } round trip` });
      say(`(f) replica sync from scratch: ${f.seconds} s, ${f.users} users, ${f.pinsWithVerifier}/${f.pins} PINs with a verifier, ${f.pages} pages, ${f.replicaBytes} bytes sealed; { __typename } p50 ${f.baselineTypenameP50Ms} ms (ratio ${f.ratioToTypename})`);
    }
    if (phases.has('g')) {
      progress(`(g) offline decisions at the bridge with a ${f.users}-user replica`);
      const g = offlineDecisionPhase({ bridge: offline, bridgeToken: seeded.bridgeToken, pairs: seeded.granted });
      results.g_offline_decision = { ...g };
      const met = g.withFsync.p50Ms < g.targetP50Ms ? 'met' : 'NOT met';
      rows.push({
        phase: '(g) offline decision at the bridge',
        result: null,
        note: `p50 ${g.withFsync.p50Ms} ms, p99 ${g.withFsync.p99Ms} ms (target p50 < ${g.targetP50Ms} ms: ${met}); no fsync p50 ${g.withoutFsync.p50Ms}, p99 ${g.withoutFsync.p99Ms}; 1-byte fsync p50 ${g.baselineFsync1Byte.p50Ms}, p99 ${g.baselineFsync1Byte.p99Ms}`,
      });
      say(`(g) offline decision: p50 ${g.withFsync.p50Ms} ms, p99 ${g.withFsync.p99Ms} ms (${g.ratioToFsync.p50}x / ${g.ratioToFsync.p99}x a 1-byte fsync); without fsync p50 ${g.withoutFsync.p50Ms} ms, p99 ${g.withoutFsync.p99Ms} ms; granted ${g.granted}/${g.withFsync.samples}`);
    }
  }

  const a = results.a_typename as PhaseResult | undefined;
  const b = results.b_lockaccess_hit as PhaseResult | undefined;
  const ratio = a && b && a.reqPerSec > 0 ? Math.round((b.reqPerSec / a.reqPerSec) * 1000) / 1000 : null;
  // The same ratio from the API's CPU time per request: what req/s would show on an otherwise idle machine.
  const cpuA = medianOf(rounds.a.map((r) => r.apiCpuUsPerRequest));
  const cpuB = medianOf(rounds.b.map((r) => r.apiCpuUsPerRequest));
  const cpuRatio = cpuA && cpuB ? Math.round((cpuA / cpuB) * 1000) / 1000 : null;
  const busy = [...rounds.a, ...rounds.b].filter((r) => (r.cpu.otherPct ?? 0) > BUSY_OTHER_PCT);

  say('');
  say(formatTable(rows));
  say('');
  if (ratio !== null) say(`ratio (b)/(a) = ${ratio} (target >= ${RATIO_TARGET}: ${ratio >= RATIO_TARGET ? 'met' : 'NOT met'}); by API CPU time per request: ${cpuRatio ?? '-'}`);
  if (busy.length > 0) say(`warning: other processes used over ${BUSY_OTHER_PCT}% CPU during ${busy.length} round(s) of (a) or (b): req/s are understated and the ratio is noisy; run again on a quiet machine`);

  const out = path.resolve(opts.results);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const report = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    backend,
    setup: {
      server: 'child process: node dist/src/main.js, NODE_ENV=production, LOG_LEVEL=warn',
      loadGenerator: 'autocannon 8 (library) in the parent process, loopback, keep-alive, pipelining 1',
      connections: opts.connections,
      durationS: opts.duration,
      roundsAB: opts.rounds,
      warmupS: opts.warmup,
      coldDurationS: opts.coldDuration,
      users: seeded.users,
      locks: seeded.lockIds.length,
      permissions: seeded.permissions,
      pinsIssued: seeded.pinsIssued,
      seedSeconds: seeded.seconds,
      pairsB: granted.length,
      pairsC: refused.length,
      offlinePhases: 'f: ReplicaSync (bots/bridge) over HTTP into a sealed data dir, page size 500, after a baseline of 200 sequential { __typename }; g: Door.offline (bots/bridge) on GRANTED pairs, each decision timed alone, alternating with a no-fsync queue and a 1-byte fsync in the same folder',
      coldCache: 'API stopped, cache_epoch bumped in the database (fresh Redis key space), API started, measured from its first 200 on /readyz (database and Redis connected)',
      profile: opts.profile ? path.resolve(opts.profileDir) : null,
    },
    phases: results,
    rounds,
    diagnostics,
    ratio,
    ratioTarget: RATIO_TARGET,
    cpuRatio,
    machineBusyWithOtherWork: busy.length > 0,
  };
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  say(`written ${path.relative(process.cwd(), out) || out}`);
}

/** The round with the median req/s (the upper one of an even count). */
function median(results: readonly PhaseResult[]): PhaseResult {
  return [...results].sort((x, y) => x.reqPerSec - y.reqPerSec)[Math.floor(results.length / 2)];
}

function medianOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null).sort((x, y) => x - y);
  return known.length > 0 ? known[Math.floor(known.length / 2)] : null;
}

async function main(): Promise<void> {
  const opts = parseBenchOptions(process.argv.slice(2));
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      for (const step of cleanups.reverse()) {
        await step().catch((err: unknown) => process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`));
      }
    })());
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: cleaning up\n');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    await run(opts, cleanups);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
