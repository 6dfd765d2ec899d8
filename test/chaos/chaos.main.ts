import 'reflect-metadata';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient as createRedisClient } from 'redis';
import { AccessClient } from '../../bots/bridge/access.client';
import { CursorFile } from '../../bots/bridge/cursor.file';
import { EventFollower } from '../../bots/bridge/event.follower';
import { loadConfig } from '../../src/config';
import { createCore } from '../../src/core.factory';
import { createLogger } from '../../src/infra/logger';
import { SitePlan } from '../../src/modules/site/site.entity';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import * as op from '../e2e/domain.operations';
import { PG_ADMIN_URL, REDIS_TEST_URL } from '../support/env';
import { gqlOk } from '../support/graphql.client';
import { expectedForLock, judge, type LoggedEvent, type Verdict } from './chaos.check';
import { ChaosNode } from './chaos.node';
import { freePort } from '../support/free-port';
import { Client } from 'pg';
import { onPgServer } from '../support/databases';
import { offlineMain, OFFLINE_USAGE } from './offline.main';

/*
 * A Jepsen-style run (`npm run chaos`, not in CI): two API nodes, N lock bridges (bots/bridge),
 * admin mutations and door decisions for a while, during which a node is killed (SIGKILL) and
 * restarted, Redis is paused, and the other node is killed and restarted. Then, once quiet, every
 * bridge must have handled every committed event of its lock exactly once, and nothing else.
 */

const USAGE = `node dist/test/chaos/chaos.main.js [--duration 60] [--bridges 20] [--users 40]
  PostgreSQL server: DATABASE_URL or TEST_PG_URL (a throw-away database is made there and dropped);
  Redis: REDIS_URL or TEST_REDIS_URL (paused for 5 s during the run: use a Redis of your own).
${OFFLINE_USAGE}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];
const started = Date.now();
const say = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

interface Holder {
  userId: string;
  pinId: string;
  code: string;
  blocked: boolean;
  locks: string[];
}

interface Bridge {
  lockId: string;
  token: string;
  follower: EventFollower;
  access: AccessClient;
  handled: number[];
  deliveries: number[];
  reconnects: number;
  fatal: string | null;
  done: Promise<void>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      bridges: { type: 'string' },
      users: { type: 'string' },
      offline: { type: 'boolean' },
      cut: { type: 'string' },
      'cut-seconds': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.offline) return offlineMain(values, process.env.DATABASE_URL ?? PG_ADMIN_URL, process.env.REDIS_URL ?? REDIS_TEST_URL, say);
  const duration = Number(values.duration ?? 60) * 1000;
  const bridgeCount = Number(values.bridges ?? 20);
  const userCount = Number(values.users ?? 40);
  const serverUrl = process.env.DATABASE_URL ?? PG_ADMIN_URL;
  const redisUrl = process.env.REDIS_URL ?? REDIS_TEST_URL;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-chaos-'));
  const dbName = `pingate_chaos_${randomBytes(5).toString('hex')}`;
  await onPgServer(serverUrl, `create database ${dbName}`);
  const dbUrlObj = new URL(serverUrl);
  dbUrlObj.pathname = `/${dbName}`;
  const databaseUrl = dbUrlObj.toString();
  const pepper = randomBytes(32).toString('hex');
  const nodes: ChaosNode[] = [];
  const bridges: Bridge[] = [];
  const redis = createRedisClient({ url: redisUrl });
  await redis.connect();
  say(`database ${dbName}, redis ${redisUrl}, logs in ${work}`);

  try {
    // The site and its first admin, as the CLI makes them (the database is migrated on open).
    const env = { NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PIN_PEPPER: pepper, LOG_LEVEL: 'warn', DATA_DIR: work };
    const seedCore = await createCore(loadConfig({ ...env, REDIS_URL: '', PORT: '0' }), createLogger('silent'));
    let siteId: string;
    let adminToken: string;
    try {
      const em = seedCore.db.fork();
      const { site, admin } = await seedCore.services.sites.createSite(em, { name: 'Chaos tower', plan: SitePlan.PRO, timezone: 'Europe/Madrid', adminName: 'Chaos Admin', adminEmail: 'chaos@example.com' });
      siteId = site.id;
      adminToken = (await seedCore.services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'chaos' })).token;
      // Let doors keep deciding on PINs: the site-wide failure budget would lock every door after one failure.
      await em.execute('update site set site_failure_budget = 1000000 where id = ?', [siteId]);
    } finally {
      await seedCore.close();
    }

    const ports = [await freePort(), await freePort()];
    for (const [i, port] of ports.entries()) nodes.push(new ChaosNode(`api-${'ab'[i]}`, port, env, path.join(work, `api-${'ab'[i]}.log`)));
    await Promise.all(nodes.map((n) => n.start()));
    const urls = nodes.map((n) => n.url);
    say(`nodes up: ${urls.join(', ')}`);

    const [a] = urls;
    await gqlOk(a, op.POLICY, { siteId, input: { maxFailedAttempts: 10, lockoutSeconds: 2 } }, adminToken);
    const locks: string[] = [];
    for (let i = 0; i < bridgeCount; i++) locks.push((await gqlOk(a, op.CREATE_LOCK, { input: { siteId, name: `Door ${i + 1}` } }, adminToken)).createLock.id);
    const holders: Holder[] = [];
    for (let i = 0; i < userCount; i++) {
      const userId = (await gqlOk(a, op.CREATE_USER, { input: { siteId, name: `Holder ${i + 1}` } }, adminToken)).createUser.id as string;
      const mine = [...new Set([locks[i % locks.length], pick(locks), pick(locks)])];
      for (const lockId of mine) await gqlOk(a, op.GRANT, { input: { userId, lockId } }, adminToken);
      const { assignPin } = await gqlOk(a, op.ASSIGN, { input: { userId } }, adminToken);
      holders.push({ userId, pinId: assignPin.pin.id, code: assignPin.code, blocked: false, locks: mine });
    }
    const visitors: string[] = [];
    for (let i = 0; i < 5; i++) visitors.push((await gqlOk(a, op.CREATE_USER, { input: { siteId, name: `Visitor ${i + 1}` } }, adminToken)).createUser.id);
    const holdersOf = new Map(locks.map((l) => [l, new Set(holders.filter((h) => h.locks.includes(l)).map((h) => h.userId))]));

    const head = (await gqlOk(a, op.EVENTS, { siteId, first: 1000 }, adminToken)).pinEvents.at(-1).id as string;
    for (const [i, lockId] of locks.entries()) {
      const { createBridgeToken } = await gqlOk(a, op.BRIDGE_TOKEN, { input: { siteId, name: `bridge ${i + 1}`, lockIds: [lockId] } }, adminToken);
      const cursor = new CursorFile(path.join(work, `bridge-${i + 1}.json`), lockId);
      cursor.write(head); // every bridge follows from the same point: what came after is checked
      const order = i % 2 === 0 ? urls : [...urls].reverse();
      const b: Bridge = {
        lockId,
        token: createBridgeToken.token,
        handled: [],
        deliveries: [],
        reconnects: 0,
        fatal: null,
        follower: null as never,
        access: new AccessClient(order, createBridgeToken.token, lockId, 3000),
        done: Promise.resolve(),
      };
      b.follower = new EventFollower({
        urls: order,
        token: b.token,
        lockId,
        cursor,
        onEvent: (e) => void b.handled.push(Number(e.id)),
        onDelivery: (e) => void b.deliveries.push(Number(e.id)),
        onStatus: (line) => {
          if (line.startsWith('disconnected')) b.reconnects++;
        },
        onFatal: (why) => (b.fatal = why),
      });
      b.done = b.follower.start();
      bridges.push(b);
    }
    say(`${locks.length} locks, ${holders.length} PIN holders, ${bridges.length} bridges following from event ${head}`);
    await sleep(1000);

    // Load: admin mutations on either node, and PINs typed at every door.
    let running = true;
    const counts = { mutations: 0, mutationErrors: 0, decisions: 0, decisionErrors: 0 };
    const anyNode = async <T>(fn: (url: string) => Promise<T>): Promise<T> => {
      const first = randomInt(2);
      try {
        return await fn(urls[first]);
      } catch {
        return fn(urls[1 - first]);
      }
    };
    const refresh = async (h: Holder) => {
      const { user } = await anyNode((url) => gqlOk(url, op.USER, { id: h.userId }, adminToken));
      const live = (user.pins as Array<{ id: string; status: string }>).find((p) => p.status !== 'REPLACED');
      if (live) {
        h.pinId = live.id;
        h.blocked = live.status === 'BLOCKED';
      }
    };
    const permissions: string[] = [];
    const adminStep = async (): Promise<void> => {
      const h = pick(holders);
      const roll = randomInt(100);
      try {
        if (roll < 30) {
          await anyNode((url) => gqlOk(url, h.blocked ? op.UNBLOCK : op.BLOCK, { id: h.pinId }, adminToken));
          h.blocked = !h.blocked;
        } else if (roll < 50 && !h.blocked) {
          const { reassignPin } = await anyNode((url) => gqlOk(url, op.REASSIGN, { input: { pinId: h.pinId } }, adminToken));
          h.pinId = reassignPin.pin.id;
          h.code = reassignPin.code;
        } else if (roll < 75 || permissions.length === 0) {
          const { grantAccess } = await anyNode((url) => gqlOk(url, op.GRANT, { input: { userId: pick(visitors), lockId: pick(locks) } }, adminToken));
          permissions.push(grantAccess.id);
        } else if (roll < 95) {
          const id = permissions.splice(randomInt(permissions.length), 1)[0];
          await anyNode((url) => gqlOk(url, op.REVOKE, { id }, adminToken));
        } else {
          await anyNode((url) => gqlOk(url, op.POLICY, { siteId, input: {} }, adminToken));
        }
        counts.mutations++;
      } catch {
        counts.mutationErrors++;
        await refresh(h).catch(() => undefined);
      }
    };
    const doorStep = async (b: Bridge): Promise<void> => {
      const mine = holders.filter((h) => h.locks.includes(b.lockId));
      const roll = randomInt(100);
      const pin = roll < 90 && mine.length > 0 ? pick(mine).code : String(randomInt(1_000_000)).padStart(6, '0');
      try {
        await b.access.check(pin);
        counts.decisions++;
      } catch {
        counts.decisionErrors++;
      }
    };
    const loops: Promise<void>[] = [];
    for (let w = 0; w < 2; w++) {
      loops.push(
        (async () => {
          while (running) {
            await adminStep();
            await sleep(80);
          }
        })(),
      );
    }
    for (const b of bridges) {
      loops.push(
        (async () => {
          while (running) {
            await doorStep(b);
            await sleep(300 + randomInt(400));
          }
        })(),
      );
    }

    // Faults, at fixed fractions of the run.
    const loadStart = Date.now();
    const at = (fraction: number) => sleep(Math.max(0, loadStart + fraction * duration - Date.now()));
    say(`load for ${duration / 1000} s`);
    await at(0.2);
    say(`kill -9 ${nodes[0].name}`);
    await nodes[0].kill();
    await at(0.33);
    say(`restart ${nodes[0].name}`);
    await nodes[0].start();
    await at(0.5);
    say('pause Redis for 5 s (CLIENT PAUSE 5000 ALL)');
    await redis.sendCommand(['CLIENT', 'PAUSE', '5000', 'ALL']);
    await at(0.7);
    say(`kill -9 ${nodes[1].name}`);
    await nodes[1].kill();
    await at(0.8);
    say(`restart ${nodes[1].name}`);
    await nodes[1].start();
    await at(1);
    running = false;
    await Promise.all(loops);
    say(`load stopped: ${counts.mutations} mutations (${counts.mutationErrors} failed), ${counts.decisions} decisions (${counts.decisionErrors} failed)`);

    // Quiescence: what is committed now is all there will be.
    await sleep(1500);
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const rows = await pg.query<{ seq: number; type: string; user_id: string | null; lock_id: string | null }>(
      'select seq, type, user_id, lock_id from pin_event where site_id = $1 and seq > $2 order by seq',
      [siteId, Number(head)],
    );
    await pg.end();
    const log: LoggedEvent[] = rows.rows.map((r) => ({ seq: Number(r.seq), type: r.type, userId: r.user_id, lockId: r.lock_id }));
    const expected = new Map(bridges.map((b) => [b, expectedForLock(log, b.lockId, holdersOf.get(b.lockId) ?? new Set())]));
    const total = [...expected.values()].reduce((n, e) => n + e.length, 0);
    say(`${log.length} events committed during the run; ${total} (event, bridge) deliveries expected`);
    const until = Date.now() + 60_000;
    const caughtUp = () => bridges.every((b) => expected.get(b)!.every((s) => b.handled.includes(s)));
    while (!caughtUp() && Date.now() < until) await sleep(250);
    await sleep(3000); // anything unexpected or repeated would show up now

    const verdicts: Verdict[] = [];
    for (const [i, b] of bridges.entries()) {
      const v = judge(expected.get(b)!, b.handled, b.deliveries);
      verdicts.push(v);
      say(
        `bridge ${String(i + 1).padStart(2)}: expected ${v.expected}, handled ${v.handled}, lost ${v.lost}, unexpected ${v.unexpected}, ` +
          `duplicated ${v.duplicated}, out of order ${v.outOfOrder} (redelivered before de-dup ${v.redelivered}, reconnects ${b.reconnects}${b.fatal ? `, FATAL ${b.fatal}` : ''})`,
      );
    }
    const sum = (k: keyof Verdict) => verdicts.reduce((n, v) => n + v[k], 0);
    const failed = sum('lost') + sum('unexpected') + sum('duplicated') + sum('outOfOrder') > 0 || bridges.some((b) => b.fatal);
    process.stdout.write(
      `\nchaos: lost ${sum('lost')}, unexpected ${sum('unexpected')}, duplicated ${sum('duplicated')}, out of order ${sum('outOfOrder')} ` +
        `(of ${sum('expected')} expected; ${sum('redelivered')} redeliveries dropped by the bridges' cursors) => ${failed ? 'FAILED' : 'OK'}\n`,
    );
    return failed ? 1 : 0;
  } finally {
    await Promise.all(bridges.map((b) => b.follower.stop()));
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
    await redis.quit().catch(() => undefined);
    await onPgServer(serverUrl, `drop database if exists ${dbName} with (force)`).catch(() => undefined);
    if (!process.env.CHAOS_KEEP_LOGS) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
