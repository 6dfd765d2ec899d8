import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '../../src/infra/orm/orm.factory';
import { EventRecord } from '../../src/modules/events/event.entity';
import { createBenchDatabase } from './bench.database';

/**
 * `npm run explain-events`: the plans and timings of the event queries at 1,000,000 events on
 * PostgreSQL, before and after migration 20261203040000's indexes, in one run. It makes a
 * throw-away database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test),
 * migrates it, drops the new indexes (the schema before the migration), loads the events, runs
 * every query, builds the indexes again (timed) and runs them again. EVENTS=n changes the count.
 */

const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const TOTAL = Number(process.env.EVENTS ?? 1_000_000);
const RUNS = 5;
const DAY_MS = 86_400_000;
const SPAN_DAYS = 400;
const RETENTION_DAYS = 365;
const NEW_INDEXES = {
  pin_event_site_id_lock_id_seq_index: 'create index "pin_event_site_id_lock_id_seq_index" on "pin_event" ("site_id", "lock_id", "seq")',
  pin_event_site_id_seq_no_lock_index: 'create index "pin_event_site_id_seq_no_lock_index" on "pin_event" ("site_id", "seq") where "lock_id" is null',
  pin_event_at_index: 'create index "pin_event_at_index" on "pin_event" ("at")',
};

interface Measured {
  name: string;
  ms: number;
  top: string;
  rows: number;
  plan: string;
}

const out = (line = ''): void => void process.stdout.write(`${line}\n`);

/** A Markdown table, ready for a README. */
const markdownTable = (head: string[], rows: string[][]): string =>
  [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');

/** Seven tenths of the events at the measured site, the rest over three others. */
function layout(total: number): Array<{ siteId: string; count: number }> {
  const main = Math.round(total * 0.7);
  const rest = total - main;
  return [main, Math.floor(rest / 3), Math.floor(rest / 3), rest - 2 * Math.floor(rest / 3)].map((count) => ({ siteId: randomUUID(), count }));
}

type Locks = { busy: string; quiet: string; quiet2: string; others: string[] };

/** Inserts the events `from`..`to` of a site of `count` events, in one statement. */
async function insertRange(pg: Client, siteId: string, count: number, from: number, to: number, locks: Locks, now: number): Promise<void> {
  // Per site: 1 in 10,000 events at each of two quiet locks, 1 in 20 site-wide (a PIN change),
  // 60% at the busy lock, the rest over eight others; written evenly over 400 days, seq in time order.
  await pg.query(
    `insert into pin_event (id, site_id, seq, type, user_id, pin_id, lock_id, reason, at)
     select gen_random_uuid()::text, $1, g,
            case when g % 20 = 0 then 'PIN_BLOCKED' else 'ACCESS_GRANTED' end,
            md5(g::text)::uuid::text, null,
            case when g % 10000 = 7 then $2
                 when g % 10000 = 9 then $10
                 when g % 20 = 0 then null
                 when g % 10 < 6 then $3
                 else ($4::text[])[1 + g % 8] end,
            case when g % 20 = 0 then null else 'GRANTED' end,
            to_timestamp(($5::float8 + (g::float8 / $6) * $7) / 1000)
     from generate_series($8::int, $9::int) g`,
    [siteId, locks.quiet, locks.busy, locks.others, now - SPAN_DAYS * DAY_MS, count, SPAN_DAYS * DAY_MS, from, to, locks.quiet2],
  );
}

async function load(pg: Client, sites: Array<{ siteId: string; count: number }>, locks: Locks, now: number): Promise<void> {
  const chunk = 100_000;
  let done = 0;
  const started = performance.now();
  for (const { siteId, count } of sites) {
    for (let from = 1; from <= count; from += chunk) {
      const to = Math.min(count, from + chunk - 1);
      await insertRange(pg, siteId, count, from, to, locks, now);
      done += to - from + 1;
      process.stdout.write(`\rloading events: ${done.toLocaleString('en')} / ${TOTAL.toLocaleString('en')} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }
  out();
}

/** The cost of the indexes to writers: 50,000 more events of a new site in one statement, in ms. */
async function timeInserts(pg: Client, locks: Locks, now: number): Promise<number> {
  const started = performance.now();
  await insertRange(pg, randomUUID(), 50_000, 1, 50_000, locks, now);
  return performance.now() - started;
}

/** EXPLAIN ANALYZE `RUNS` times; the median execution time, the plan of the last run. */
async function measure(pg: Client, name: string, sql: string, params: unknown[], rollback = false): Promise<Measured> {
  const times: number[] = [];
  let plan = '';
  let top = '';
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    if (rollback) await pg.query('begin');
    try {
      const res = await pg.query(`explain (analyze, buffers, format json) ${sql}`, params);
      const json = (res.rows[0] as Record<string, Array<{ 'Execution Time': number; Plan: PlanNode }>>)['QUERY PLAN'][0];
      times.push(json['Execution Time']);
      top = describeTop(json.Plan);
      rows = json.Plan['Actual Rows'];
      if (i === RUNS - 1) plan = ((await pg.query(`explain (analyze, buffers, costs off, timing off) ${sql}`, params)).rows as Array<Record<string, string>>).map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      if (rollback) await pg.query('rollback');
    }
  }
  times.sort((a, b) => a - b);
  return { name, ms: times[Math.floor(RUNS / 2)], top, rows, plan };
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

/** The access path of a plan: its scan nodes and their indexes. */
function describeTop(node: PlanNode): string {
  const scans: string[] = [];
  const walk = (n: PlanNode): void => {
    if (/Scan/.test(n['Node Type'])) scans.push(n['Index Name'] ? `${n['Node Type']} ${n['Index Name']}` : n['Node Type']);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(node);
  return [...new Set(scans)].join(' + ');
}

async function main(): Promise<void> {
  const bench = await createBenchDatabase(SERVER);
  out(`explain-events: ${TOTAL.toLocaleString('en')} events in ${bench.label}`);
  const pg = new Client({ connectionString: bench.databaseUrl as string });
  try {
    const db = await openDatabase({ databaseUrl: bench.databaseUrl, sqlitePath: '', poolMax: 2 });
    // The queries as the application's ORM writes them (EventQueryService, EventStreamService).
    const qb = () => db.fork().createQueryBuilder(EventRecord).select('*');
    const listing = qb().where({ siteId: '$site', seq: { $gt: 0 } }).orderBy({ seq: 'asc' }).limit(100).getQuery();
    const perLock = qb().where({ siteId: '$site', lockId: '$lock', seq: { $gt: 0 } }).orderBy({ seq: 'asc' }).limit(100).getQuery();
    const inLocks = qb().where({ siteId: '$site', lockId: { $in: ['$a', '$b'] }, seq: { $gt: 0 } }).orderBy({ seq: 'asc' }).limit(100).getQuery();
    const siteWide = qb().where({ siteId: '$site', lockId: null, seq: { $gt: 0 } }).orderBy({ seq: 'asc' }).limit(200).getQuery();
    const replay = qb().where({ siteId: '$site', seq: { $gt: 0 } }).orderBy({ seq: 'asc' }).limit(200).getQuery();
    await db.close();
    const numbered = (sql: string): string => {
      let n = 0;
      return sql.replace(/\?/g, () => `$${++n}`);
    };

    await pg.connect();
    for (const index of Object.keys(NEW_INDEXES)) await pg.query(`drop index ${index}`);
    const now = Date.now();
    const sites = layout(TOTAL);
    const locks: Locks = { busy: randomUUID(), quiet: randomUUID(), quiet2: randomUUID(), others: Array.from({ length: 8 }, () => randomUUID()) };
    await load(pg, sites, locks, now);
    await pg.query('analyze pin_event');
    const main = sites[0];
    const cutoff = new Date(now - RETENTION_DAYS * DAY_MS);
    const steadyCutoff = ((await pg.query('select at from pin_event order by at offset 1000 limit 1')).rows[0] as { at: Date }).at;
    const cursor = Math.round(main.count * 0.9);

    const queries: Array<[string, string, unknown[], boolean?]> = [
      [`scoped bridge, quiet lock (${Math.floor(main.count / 10000)} events)`, numbered(perLock), [main.siteId, locks.quiet, 0, 100]],
      ['scoped bridge, busy lock (60% of the site)', numbered(perLock), [main.siteId, locks.busy, 0, 100]],
      ['scoped bridge, quiet lock from a cursor at 90%', numbered(perLock), [main.siteId, locks.quiet, cursor, 100]],
      ['bridge of two quiet locks as `lock_id in (...)` (the old shape)', numbered(inLocks), [main.siteId, locks.quiet, locks.quiet2, 0, 100]],
      ['bridge of the quiet and the busy lock as `lock_id in (...)`', numbered(inLocks), [main.siteId, locks.quiet, locks.busy, 0, 100]],
      ['replay page from a cursor at 90%', numbered(replay), [main.siteId, cursor, 200]],
      ['lockEvents replay page: the site-wide range (lock_id is null) from a cursor at 90%', numbered(siteWide), [main.siteId, cursor, 200]],
      ['site listing (admin)', numbered(listing), [main.siteId, 0, 100]],
      ['retention: sites with events past 365 days (backlog)', 'select distinct site_id from pin_event where at < $1', [cutoff]],
      ['retention: sites with old events (steady state)', 'select distinct site_id from pin_event where at < $1', [steadyCutoff]],
      ['retention batch: read the 1000 oldest', 'select seq, case when at < $1 then 1 else 0 end as old from pin_event where site_id = $2 order by seq limit $3', [cutoff, main.siteId, 1000]],
      ['retention batch: delete them', 'delete from pin_event where site_id = $1 and seq <= $2', [main.siteId, 1000], true],
    ];

    const phase = async (label: string): Promise<Measured[]> => {
      const results: Measured[] = [];
      for (const [name, sql, params, rollback] of queries) {
        const m = await measure(pg, name, sql, params, rollback);
        results.push(m);
        out(`\n--- ${label}: ${name} (median of ${RUNS}: ${m.ms.toFixed(2)} ms, ${m.rows} rows)\n${sql.replace(/\s+/g, ' ')}\n${m.plan}`);
      }
      return results;
    };

    const insertsBefore = await timeInserts(pg, locks, now);
    const before = await phase('before (the indexes of main)');
    const built: string[] = [];
    for (const [name, sql] of Object.entries(NEW_INDEXES)) {
      const started = performance.now();
      await pg.query(sql);
      built.push(`${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await pg.query('analyze pin_event');
    const insertsAfter = await timeInserts(pg, locks, now);
    const after = await phase('after migration 20261203040000');
    // The application reads one range per lock and merges them (EventQueryService).
    const merged = await measure(pg, 'bridge of two quiet locks, one range per lock (the new shape)', `(${numbered(perLock)}) union all (${numbered(perLock).replace(/\$(\d)/g, (_, d: string) => `$${Number(d) + 4}`)})`, [main.siteId, locks.quiet, 0, 100, main.siteId, locks.quiet2, 0, 100]);
    out(`\n--- after: ${merged.name} (median of ${RUNS}: ${merged.ms.toFixed(2)} ms)\n${merged.plan}`);

    const size = (await pg.query(`select pg_size_pretty(pg_total_relation_size('pin_event')) as total, pg_size_pretty(pg_relation_size('pin_event')) as heap,
      pg_size_pretty(pg_relation_size('pin_event_site_id_lock_id_seq_index')) as lock_index, pg_size_pretty(pg_relation_size('pin_event_at_index')) as at_index, pg_size_pretty(pg_relation_size('pin_event_site_id_seq_no_lock_index')) as no_lock_index`)).rows[0] as Record<string, string>;
    out(`\n${built.join('; ')}; table ${size.heap}, with indexes ${size.total} ((site_id, lock_id, seq) ${size.lock_index}, (site_id, seq) where lock_id is null ${size.no_lock_index}, (at) ${size.at_index})\n`);
    out(
      markdownTable(
        ['query', 'before ms', 'before plan', 'after ms', 'after plan'],
        before
          .map((b, i) => [b.name, b.ms.toFixed(2), b.top, after[i].ms.toFixed(2), after[i].top])
          .concat([
            [merged.name, '', '', merged.ms.toFixed(2), merged.top],
            ['writers: 50,000 more events in one insert', insertsBefore.toFixed(0), '', insertsAfter.toFixed(0), ''],
          ]),
      ),
    );
  } finally {
    await pg.end().catch(() => undefined);
    await bench.drop();
  }
}

main().catch((err) => {
  process.stderr.write(`explain-events failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
