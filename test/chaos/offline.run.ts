import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataDir } from '../../bots/bridge/data.dir';
import * as op from '../e2e/domain.operations';
import { gqlOk } from '../support/graphql.client';
import { TcpProxy } from '../support/tcp.proxy';
import { ChaosBridge } from './chaos.bridge';
import { expectOffline, pairAnswers, parseAnswer, pepperForms, secretOccurs, type OfflineEvent, type OnlineState, type Press } from './offline.model';

/*
 * The offline chaos run, shared by `npm run chaos -- --offline` and its jest version: bridges (real
 * processes, each with its own data dir and lock) in front of two API nodes, half of them cut off
 * through TCP proxies while PINs are typed and an admin keeps blocking, re-assigning, granting and
 * revoking. Then: every offline answer is the one the rules give for the state the bridge had synced
 * before the cut, each became exactly one offline event, a PIN blocked during the cut is refused
 * within 5 s of the reconnect (online, and in the replica once synced), and no data dir holds digits or the pepper.
 */

export interface OfflineChaosOptions {
  /** The API nodes, reached directly. */
  urls: string[];
  siteId: string;
  adminToken: string;
  /** The site's database (PostgreSQL), for the failure budget and the event log. */
  databaseUrl: string;
  pepper: string;
  /** The bridge's compiled main.js. */
  bridgeMain: string;
  bridges: number;
  cut: number;
  cutSeconds: number;
  holders: number;
  /** Pause between key presses at one door (ms, plus up to as much again at random). */
  pressEveryMs: number;
  adminEveryMs: number;
  /** Most time allowed between the reconnect (proxies restored) and the blocked PIN's refusal. */
  refuseWithinMs?: number;
  say: (line: string) => void;
}

export interface OfflineChaosResult {
  violations: string[];
  summary: string;
}

interface Holder {
  userId: string;
  pinId: string;
  code: string;
  blocked: boolean;
  /** Left alone by the admin loop (the PIN blocked during a cut). */
  frozen: boolean;
}

interface Door {
  index: number;
  lockId: string;
  token: string;
  dataDir: string;
  proxies: TcpProxy[];
  bridge: ChaosBridge;
  cut: boolean;
  presses: Press[];
  /** The PIN blocked while this door was cut off. */
  blockedDuringCut: Holder | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)];
const randomCode = (taken: ReadonlySet<string>): string => {
  for (;;) {
    const c = String(randomInt(1_000_000)).padStart(6, '0');
    if (!taken.has(c)) return c;
  }
};

export async function runOfflineChaos(o: OfflineChaosOptions): Promise<OfflineChaosResult> {
  const violations: string[] = [];
  const fail = (why: string) => {
    violations.push(why);
    o.say(`VIOLATION ${why}`);
  };
  const refuseWithinMs = o.refuseWithinMs ?? 5000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-offline-chaos-'));
  const pg = new Client({ connectionString: o.databaseUrl });
  await pg.connect();
  const doors: Door[] = [];
  const allProxies: TcpProxy[] = [];
  const [a] = o.urls;
  const anyNode = async <T>(fn: (url: string) => Promise<T>): Promise<T> => {
    const first = randomInt(o.urls.length);
    try {
      return await fn(o.urls[first]);
    } catch {
      return fn(o.urls[(first + 1) % o.urls.length]);
    }
  };

  try {
    // Setup: locks, one scoped bridge token each, then PINs (so every bridge holds their verifiers).
    await pg.query('update site set site_failure_budget = 1000000 where id = $1', [o.siteId]);
    await gqlOk(a, op.POLICY, { siteId: o.siteId, input: { maxFailedAttempts: 10, lockoutSeconds: 2, offlineMaxFailedAttempts: 4, offlineLockoutSeconds: 10 } }, o.adminToken);
    const locks: string[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < o.bridges; i++) {
      const lockId = (await gqlOk(a, op.CREATE_LOCK, { input: { siteId: o.siteId, name: `Door ${i + 1}` } }, o.adminToken)).createLock.id as string;
      locks.push(lockId);
      tokens.push((await gqlOk(a, op.BRIDGE_TOKEN, { input: { siteId: o.siteId, name: `bridge ${i + 1}`, lockIds: [lockId] } }, o.adminToken)).createBridgeToken.token as string);
    }
    const codeToPin = new Map<string, string>();
    const holders: Holder[] = [];
    const permissions: Array<{ id: string; userId: string; lockId: string }> = [];
    const makeUser = async (name: string, grants: string[]) => {
      const userId = (await gqlOk(a, op.CREATE_USER, { input: { siteId: o.siteId, name } }, o.adminToken)).createUser.id as string;
      for (const lockId of grants) permissions.push({ id: (await gqlOk(a, op.GRANT, { input: { userId, lockId } }, o.adminToken)).grantAccess.id, userId, lockId });
      const { assignPin } = await gqlOk(a, op.ASSIGN, { input: { userId } }, o.adminToken);
      codeToPin.set(assignPin.code, assignPin.pin.id);
      holders.push({ userId, pinId: assignPin.pin.id, code: assignPin.code, blocked: false, frozen: false });
    };
    for (let i = 0; i < o.holders; i++) await makeUser(`Holder ${i + 1}`, [...new Set([locks[i % locks.length], pick(locks)])]);
    for (let i = 0; i < 3; i++) await makeUser(`Visitor ${i + 1}`, []);
    const typed = new Set<string>(codeToPin.keys());

    for (const [i, lockId] of locks.entries()) {
      const proxies = [];
      for (const url of o.urls) proxies.push(await TcpProxy.start(Number(new URL(url).port)));
      allProxies.push(...proxies);
      const viaProxies = proxies.map((p) => `http://127.0.0.1:${p.port}/graphql`);
      const dataDir = path.join(work, `bridge-${i + 1}`);
      const bridge = ChaosBridge.start(o.bridgeMain, {
        urls: i % 2 === 0 ? viaProxies : [...viaProxies].reverse(),
        lockId,
        token: tokens[i],
        dataDir,
        args: ['--sync-interval-ms', '500', '--online-timeout-ms', '3000'],
      });
      doors.push({ index: i + 1, lockId, token: tokens[i], dataDir, proxies, bridge, cut: i < o.cut, presses: [], blockedDuringCut: null });
    }
    for (const d of doors) {
      if (!(await d.bridge.waitForStatus(/replica synced to \d+/, 30_000))) throw new Error(`bridge ${d.index} did not sync its replica: ${d.bridge.status.map((s) => s.line).join(' | ')}`);
    }
    o.say(`phase setup: ${locks.length} locks and bridges (${o.cut} to be cut), ${holders.length} PINs, replicas synced`);

    // Load: PINs at every door (right, wrong, blocked, someone else's), admin changes on either node.
    let pressing = true;
    let adminOn = true;
    let adminIdle: Promise<void> = Promise.resolve();
    const counts = { presses: 0, pressErrors: 0, mutations: 0, mutationErrors: 0 };
    const holdersAt = (lockId: string) => holders.filter((h) => permissions.some((p) => p.userId === h.userId && p.lockId === lockId));
    const press = async (d: Door, code: string): Promise<Press | null> => {
      try {
        const r = await d.bridge.type(code);
        const p = { code, ...r };
        d.presses.push(p);
        counts.presses++;
        return p;
      } catch {
        counts.pressErrors++;
        return null;
      }
    };
    const pressStep = async (d: Door) => {
      const mine = holdersAt(d.lockId);
      const roll = randomInt(100);
      let code: string;
      if (roll < 55 && mine.length > 0) code = pick(mine).code;
      else if (roll < 70 && mine.some((h) => h.blocked)) code = pick(mine.filter((h) => h.blocked)).code;
      else if (roll < 80) code = pick([...codeToPin.keys()]); // anyone's, replaced ones included
      else {
        code = randomCode(typed);
        typed.add(code);
      }
      await press(d, code);
    };
    const adminStep = async () => {
      const free = holders.filter((h) => !h.frozen);
      const h = pick(free);
      const roll = randomInt(100);
      try {
        if (roll < 35) {
          await anyNode((url) => gqlOk(url, h.blocked ? op.UNBLOCK : op.BLOCK, { id: h.pinId }, o.adminToken));
          h.blocked = !h.blocked;
        } else if (roll < 55 && !h.blocked) {
          const { reassignPin } = await anyNode((url) => gqlOk(url, op.REASSIGN, { input: { pinId: h.pinId } }, o.adminToken));
          h.pinId = reassignPin.pin.id;
          h.code = reassignPin.code;
          codeToPin.set(h.code, h.pinId);
          typed.add(h.code);
        } else if (roll < 80 || permissions.length === 0) {
          const lockId = pick(locks);
          const { grantAccess } = await anyNode((url) => gqlOk(url, op.GRANT, { input: { userId: h.userId, lockId } }, o.adminToken));
          permissions.push({ id: grantAccess.id, userId: h.userId, lockId });
        } else {
          const candidates = permissions.filter((p) => !holders.some((x) => x.frozen && x.userId === p.userId));
          if (candidates.length === 0) return;
          const p = pick(candidates);
          await anyNode((url) => gqlOk(url, op.REVOKE, { id: p.id }, o.adminToken));
          permissions.splice(permissions.indexOf(p), 1);
        }
        counts.mutations++;
      } catch {
        counts.mutationErrors++;
      }
    };
    const loops: Promise<void>[] = doors.map(async (d) => {
      while (pressing) {
        await pressStep(d);
        await sleep(o.pressEveryMs + randomInt(o.pressEveryMs + 1));
      }
    });
    const adminLoop = async () => {
      while (adminOn) {
        await adminStep();
        await sleep(o.adminEveryMs);
      }
    };
    adminIdle = adminLoop();
    await sleep(Math.max(2000, (o.cutSeconds * 1000) / 4));

    // The cut: admin paused, the online state taken, the doors to cut synced to it, then proxies cut.
    adminOn = false;
    await adminIdle;
    const state = await onlineState(o, a);
    const head = Number((await pg.query<{ seq: string }>('select max(seq) as seq from pin_event where site_id = $1', [o.siteId])).rows[0].seq);
    const cutDoors = doors.filter((d) => d.cut);
    for (const d of cutDoors) {
      const until = Date.now() + 20_000;
      for (;;) {
        const replica = new DataDir(d.dataDir, d.token).replica.read();
        if (replica?.cursor && Number(replica.cursor) >= head) {
          compareReplica(d, replica, state, fail);
          break;
        }
        if (Date.now() > until) throw new Error(`bridge ${d.index} did not sync to ${head} before the cut`);
        await sleep(50);
      }
    }
    for (const d of cutDoors) for (const p of d.proxies) p.cut();
    const cutAt = Date.now();
    o.say(`phase cut: ${cutDoors.length} bridges cut off for ${o.cutSeconds} s, their replicas at or past event ${head}`);
    // A PIN blocked during the cut, per cut door: it still opens offline (the price). Blocked (and
    // frozen) before the admin loop starts again: a step already under way when a holder is frozen
    // could re-assign it, and the door would then rightly open for its new PIN.
    for (const d of cutDoors) {
      const h = holdersAt(d.lockId).find((x) => !x.blocked && !x.frozen && state.pins.get(x.pinId)?.status === 'ACTIVE' && state.permitted.get(x.userId)?.has(d.lockId));
      if (!h) continue;
      h.frozen = true;
      await anyNode((url) => gqlOk(url, op.BLOCK, { id: h.pinId }, o.adminToken));
      h.blocked = true;
      d.blockedDuringCut = h;
      const p = await press(d, h.code);
      if (p && p.line !== 'OPEN (offline)') fail(`bridge ${d.index}: a PIN blocked during the cut answered "${p.line}", expected "OPEN (offline)"`);
    }
    adminOn = true;
    adminIdle = adminLoop();
    await sleep(Math.max(0, cutAt + o.cutSeconds * 1000 - Date.now()));

    // Reconnect: type each door's blocked PIN every 500 ms from the restore on, until refused; the
    // replica must hold it BLOCKED once the bridge has synced (the next cut must not open it).
    for (const d of cutDoors) for (const p of d.proxies) p.restore();
    const restoredAt = Date.now();
    o.say(`phase restore: proxies restored`);
    const resync: number[] = [];
    const refusals: number[] = [];
    await Promise.all(
      cutDoors.map(async (d) => {
        const h = d.blockedDuringCut;
        const refused = (async () => {
          if (!h) return null;
          while (Date.now() < restoredAt + refuseWithinMs + 2000) {
            const p = await press(d, h.code);
            if (p && !p.line.startsWith('OPEN')) return p.answeredAt;
            await sleep(500);
          }
          return null;
        })();
        const synced = await d.bridge.waitForStatus(/replica synced to \d+/, 30_000, restoredAt);
        const refusedAt = await refused;
        if (!synced) return fail(`bridge ${d.index}: no replica sync within 30 s of reconnecting`);
        resync.push(synced.at - restoredAt);
        if (!h) return;
        const replica = new DataDir(d.dataDir, d.token).replica.read();
        const still = Object.values(replica?.entries ?? {}).some((e) => e.pins.some((p) => p.id === h.pinId && p.status === 'ACTIVE'));
        if (refusedAt !== null) refusals.push(refusedAt - restoredAt);
        const late = refusedAt === null || refusedAt - restoredAt > refuseWithinMs;
        if (late) fail(`bridge ${d.index}: the PIN blocked during the cut was not refused within ${refuseWithinMs} ms of reconnecting`);
        if (still) fail(`bridge ${d.index}: its replica still holds the PIN blocked during the cut as ACTIVE after syncing (replica cursor ${replica?.cursor ?? 'none'})`);
        if (late || still) {
          // What the bridge said and answered from the restore on, to tell a slow API from a stale replica.
          const since = (xs: Array<{ line: string; at: number }>) => xs.filter((x) => x.at >= restoredAt - 1000).map((x) => `+${x.at - restoredAt} ms ${x.line}`);
          o.say(`bridge ${d.index} after the restore: ${[...since(d.bridge.status), ...since(d.bridge.answers)].join(' | ')}`);
        }
      }),
    );
    pressing = false;
    adminOn = false;
    await Promise.all([...loops, adminIdle]);
    o.say(`phase load stopped: ${counts.presses} PINs typed (${counts.pressErrors} unanswered), ${counts.mutations} admin changes (${counts.mutationErrors} failed)`);

    // Every queue drained, then the event log read.
    const drainUntil = Date.now() + 30_000;
    while (doors.some((d) => new DataDir(d.dataDir, d.token).queue.pending().length > 0)) {
      if (Date.now() > drainUntil) {
        fail('offline decision queues not drained within 30 s of the end of the load');
        break;
      }
      await sleep(100);
    }
    await sleep(500);
    const rows = await pg.query<{ seq: string; type: string; reason: string | null; lock_id: string; at: Date }>(
      'select seq, type, reason, lock_id, at from pin_event where site_id = $1 and offline order by seq',
      [o.siteId],
    );
    const events: OfflineEvent[] = rows.rows.map((r) => ({ seq: Number(r.seq), type: r.type, reason: r.reason, lockId: r.lock_id, at: new Date(r.at).getTime() }));
    o.say(`phase log: ${events.length} offline events recorded`);

    // Checks 1 and 2, door by door.
    let offlineAnswers = 0;
    let judged = 0;
    let unplanned = 0;
    for (const d of doors) {
      const cutEnd = restoredAt;
      const offline = d.presses.flatMap((p) => {
        const answer = parseAnswer(p.line);
        if (!answer) {
          fail(`bridge ${d.index}: unreadable answer "${p.line}"`);
          return [];
        }
        if (d.cut && p.sentAt >= cutAt && p.answeredAt <= cutEnd && !answer.offline) fail(`bridge ${d.index}: answered "${p.line}" online while cut off`);
        return answer.offline ? [{ press: p, answer }] : [];
      });
      offlineAnswers += offline.length;
      const mine = events.filter((e) => e.lockId === d.lockId);
      const { pairs, extra } = pairAnswers(
        offline.map((x) => ({ answer: x.answer, sentAt: x.press.sentAt, answeredAt: x.press.answeredAt })),
        mine,
      );
      pairs.forEach((e, i) => e === null && fail(`bridge ${d.index}: offline answer "${offline[i].press.line}" at ${new Date(offline[i].press.answeredAt).toISOString()} has no offline event`));
      for (const e of extra) fail(`bridge ${d.index}: offline event ${e.seq} (${e.type} ${e.reason}) matches no offline answer`);

      const inCut = (p: Press) => d.cut && p.sentAt >= cutAt && p.answeredAt <= cutEnd;
      const attempts = offline.map((x, i) => ({ pinId: codeToPin.get(x.press.code), at: pairs[i]?.at ?? x.press.sentAt, judged: inCut(x.press), actualReason: x.answer.reason }));
      const expected = expectOffline(state, d.lockId, attempts);
      expected.forEach((exp, i) => {
        if (!attempts[i].judged) {
          unplanned++;
          return;
        }
        judged++;
        const got = offline[i].answer;
        if (got.reason !== exp.reason || (exp.retryAfterSeconds !== null && got.retryAfterSeconds !== exp.retryAfterSeconds)) {
          fail(`bridge ${d.index}: offline answer "${offline[i].press.line}", the rules give ${exp.reason}${exp.retryAfterSeconds !== null ? ` (retry in ${exp.retryAfterSeconds} s)` : ''}`);
        }
      });
      const lockoutsExpected = expected.filter((e) => e.lockoutStarted).length;
      const lockoutsLogged = mine.filter((e) => e.type === 'LOCKOUT_STARTED').length;
      if (lockoutsExpected !== lockoutsLogged) fail(`bridge ${d.index}: ${lockoutsLogged} offline LOCKOUT_STARTED events, the rules give ${lockoutsExpected}`);
    }

    // Check 3: no digits, no pepper, in any file of any data dir (bridges stopped first).
    await Promise.all(doors.map((d) => d.bridge.stop()));
    const secrets = [...typed];
    let files = 0;
    for (const d of doors) {
      for (const f of fs.readdirSync(d.dataDir)) {
        const bytes = fs.readFileSync(path.join(d.dataDir, f));
        files++;
        for (const code of secrets) if (secretOccurs(bytes, code)) fail(`bridge ${d.index}: ${f} holds the digits of a PIN`);
        for (const form of pepperForms(o.pepper)) if (secretOccurs(bytes, form)) fail(`bridge ${d.index}: ${f} holds the pepper`);
      }
      // And what the sealed files hold once opened: ids, verifiers, times, never the digits.
      const data = new DataDir(d.dataDir, d.token);
      const plain = JSON.stringify([data.replica.read(), data.lockouts.read(), data.queue.pending()]);
      for (const code of secrets) if (new RegExp(`(?<![0-9])${code}(?![0-9])`).test(plain)) fail(`bridge ${d.index}: an opened data file holds the digits of a PIN`);
      for (const form of pepperForms(o.pepper)) if (plain.includes(form)) fail(`bridge ${d.index}: an opened data file holds the pepper`);
    }

    const maxResync = resync.length > 0 ? Math.max(...resync) : NaN;
    const maxRefusal = refusals.length > 0 ? Math.max(...refusals) : NaN;
    const summary =
      `offline chaos: ${doors.length} bridges, ${cutDoors.length} cut for ${o.cutSeconds} s; ${counts.presses} PINs typed, ${counts.mutations} admin changes; ` +
      `${offlineAnswers} offline answers (${judged} judged against the state at the cut, ${unplanned} outside the cut), ${events.length} offline events; ` +
      `${secrets.length} PINs and the pepper searched in ${files} files; max resync delay ${Number.isNaN(maxResync) ? '-' : `${maxResync} ms`}, ` +
      `blocked PIN refused at most ${Number.isNaN(maxRefusal) ? '-' : `${maxRefusal} ms`} after the reconnect; ` +
      `${violations.length} violations => ${violations.length ? 'FAILED' : 'OK'}`;
    o.say(summary);
    return { violations, summary };
  } finally {
    await Promise.all(doors.map((d) => d.bridge.stop().catch(() => undefined)));
    await Promise.all(allProxies.map((p) => p.close().catch(() => undefined)));
    await pg.end().catch(() => undefined);
    if (!process.env.CHAOS_KEEP_LOGS) fs.rmSync(work, { recursive: true, force: true });
  }
}

const USERS = `query($id: ID!) { site(id: $id) { users { id pins { id status } permissions { lock { id } } } pinPolicy { offlineMaxFailedAttempts offlineLockoutSeconds } } }`;

/** The online state of the site now, as the admin sees it. */
async function onlineState(o: OfflineChaosOptions, url: string): Promise<OnlineState> {
  const { site } = await gqlOk(url, USERS, { id: o.siteId }, o.adminToken);
  const pins = new Map<string, { userId: string; status: string }>();
  const permitted = new Map<string, Set<string>>();
  for (const u of site.users as Array<{ id: string; pins: Array<{ id: string; status: string }>; permissions: Array<{ lock: { id: string } }> }>) {
    for (const p of u.pins) pins.set(p.id, { userId: u.id, status: p.status });
    permitted.set(u.id, new Set(u.permissions.map((p) => p.lock.id)));
  }
  return { pins, permitted, offlineMaxFailedAttempts: site.pinPolicy.offlineMaxFailedAttempts, offlineLockoutSeconds: site.pinPolicy.offlineLockoutSeconds };
}

/** The replica a cut door decides with must be the online state in its scope. */
function compareReplica(d: Door, replica: NonNullable<ReturnType<DataDir['replica']['read']>>, state: OnlineState, fail: (why: string) => void): void {
  const inScope = [...state.permitted.entries()].filter(([, locks]) => locks.has(d.lockId)).map(([userId]) => userId);
  const held = Object.keys(replica.entries);
  if (inScope.sort().join() !== held.sort().join()) fail(`bridge ${d.index}: replica users ${held.length}, online state ${inScope.length} at the cut`);
  for (const entry of Object.values(replica.entries)) {
    for (const p of entry.pins) {
      const online = state.pins.get(p.id)?.status;
      if (p.status !== 'REPLACED' && online !== p.status) fail(`bridge ${d.index}: replica PIN ${p.id} ${p.status}, online ${online ?? 'unknown'} at the cut`);
    }
  }
}
