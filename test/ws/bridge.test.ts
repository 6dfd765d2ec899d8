import fs from 'node:fs';
import { occurrencesOf } from '../support/secrets';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { AccessClient } from '../../bots/bridge/access.client';
import { CursorFile } from '../../bots/bridge/cursor.file';
import { EventFollower, type LockEvent } from '../../bots/bridge/event.follower';
import { runKeypad } from '../../bots/bridge/keypad';
import { describeEvent } from '../../bots/bridge/main';
import { SqlEventRetention } from '../../src/infra/orm/event-retention.sql';
import { door, wrongPin, type Door } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import type { TestDatabase } from '../support/databases';
import { startTwoNodes } from '../support/cluster';
import { REDIS_TEST_URL } from '../support/env';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { FAST, sleep, startNode, waitFor } from './ws.support';

interface RunningBridge {
  events: LockEvent[];
  deliveries: string[];
  status: string[];
  fatal: string[];
  printed: string[];
  keypad: PassThrough;
  follower: EventFollower;
  stop(): Promise<void>;
}

describe('the reference lock bridge (bots/bridge) against two nodes', () => {
  let ok = false;
  let db: TestDatabase;
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  let d: Door;
  let dir: string;
  let bridgeToken: { id: string; token: string };
  const running: RunningBridge[] = [];

  function bridge(urls: string[], token = bridgeToken.token, cursorFile = path.join(dir, 'cursor.json')): RunningBridge {
    const r: RunningBridge = { events: [], deliveries: [], status: [], fatal: [], printed: [], keypad: new PassThrough(), follower: null as never, stop: async () => undefined };
    r.follower = new EventFollower({
      urls,
      token,
      lockId: d.lockId,
      cursor: new CursorFile(cursorFile, d.lockId),
      onEvent: (e) => void r.events.push(e),
      onDelivery: (e) => void r.deliveries.push(e.id),
      onStatus: (line) => void r.status.push(line),
      onFatal: (why) => void r.fatal.push(why),
      backoffMs: 50,
      maxBackoffMs: 400,
    });
    const following = r.follower.start();
    const keypad = runKeypad(r.keypad, new AccessClient(urls, token, d.lockId), (line) => void r.printed.push(line));
    r.stop = async () => {
      r.keypad.end();
      await keypad;
      await r.follower.stop();
      await following;
    };
    running.push(r);
    return r;
  }

  const connectedOnce = (r: RunningBridge, n = 1) => waitFor(() => expect(r.status.filter((l) => l.startsWith('connected')).length).toBeGreaterThanOrEqual(n));

  beforeAll(async () => {
    const nodes = await startTwoNodes(FAST);
    ok = nodes !== null;
    if (!nodes) return;
    ({ db, a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a);
    d = await door(a.url, s);
    ({ createBridgeToken: bridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'front door bridge', lockIds: [d.lockId] } }, s.adminToken));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-'));
  });

  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
    fs.rmSync(dir, { recursive: true, force: true });

  });

  it('opens for a right PIN, denies a wrong one with its reason, and prints the decisions as events', async () => {
    if (!ok) return;
    const r = bridge([b.url, a.url]);
    await connectedOnce(r);
    await sleep(400); // a heartbeat: the subscription is live
    r.keypad.write(`${d.code}\n${wrongPin(d.code)}\nnot-a-pin\n`);
    await waitFor(() => expect(r.printed).toEqual(['OPEN', 'DENIED (INVALID_PIN)', 'DENIED (digits only)']));
    await waitFor(() => expect(r.events.map((e) => `${e.type}:${e.reason}`)).toEqual(['ACCESS_GRANTED:GRANTED', 'ACCESS_DENIED:INVALID_PIN']), 3000);
    expect(describeEvent(r.events[0])).toBe(`EVENT ${r.events[0].id} ACCESS_GRANTED GRANTED user=${d.userId}`);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cursor.json'), 'utf8'))).toMatchObject({ lockId: d.lockId, after: r.events[1].id });
    expect(occurrencesOf(d.code, r.printed.join('\n') + r.status.join('\n'))).toEqual([]);
  });

  it('resumes from its cursor file after a restart with exactly the events it missed, then live ones', async () => {
    if (!ok) return;
    const cursorFile = path.join(dir, 'restart.json');
    const first = bridge([a.url], bridgeToken.token, cursorFile);
    await connectedOnce(first);
    await sleep(400);
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    await waitFor(() => expect(first.events.map((e) => e.type)).toEqual(['PIN_BLOCKED']));
    await first.stop();
    running.splice(running.indexOf(first), 1);

    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken); // missed
    await gqlOk(a.url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 70 } }, s.adminToken); // not about the lock
    const second = bridge([b.url], bridgeToken.token, cursorFile);
    await waitFor(() => expect(second.events.map((e) => e.type)).toEqual(['PIN_UNBLOCKED']));
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken); // live
    await waitFor(() => expect(second.events.map((e) => e.type)).toEqual(['PIN_UNBLOCKED', 'PIN_BLOCKED']));
    expect(Number(second.events[0].id)).toBeGreaterThan(Number(first.events[0].id));
    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
  });

  it('moves its cursor on with the heartbeat past events that are not about its lock', async () => {
    if (!ok) return;
    const cursorFile = path.join(dir, 'heartbeat.json');
    const r = bridge([b.url], bridgeToken.token, cursorFile);
    await connectedOnce(r);
    await sleep(400);
    await gqlOk(a.url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 75 } }, s.adminToken);
    const head = (await gqlOk(a.url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents.at(-1).id as string;
    await waitFor(() => expect(new CursorFile(cursorFile, d.lockId).read()).toBe(head), 3000);
    expect(r.events).toEqual([]);
  });

  it('survives its node stopping: reconnects to the other one and loses nothing', async () => {
    if (!ok) return;
    const pepper = a.pepper;
    const c = await startNode(db, { REDIS_URL: REDIS_TEST_URL }, pepper);
    const r = bridge([c.url, a.url], bridgeToken.token, path.join(dir, 'failover.json'));
    await connectedOnce(r);
    await sleep(400);
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    await waitFor(() => expect(r.events.length).toBe(1));
    await c.stop();
    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    await waitFor(() => expect(r.events.map((e) => e.type)).toEqual(['PIN_BLOCKED', 'PIN_UNBLOCKED', 'PIN_BLOCKED']), 5000);
    await connectedOnce(r, 2);
    expect(new Set(r.events.map((e) => e.id)).size).toBe(3);
    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
  });

  it('drops a cursor the server answers CURSOR_EXPIRED to and follows from now', async () => {
    if (!ok) return;
    const cursorFile = path.join(dir, 'expired.json');
    new CursorFile(cursorFile, d.lockId).write('1');
    // Retention takes the site's two oldest events: the floor is 2, the cursor 1 is below it.
    const retention = new SqlEventRetention(() => a.app.core.db.fork(), a.app.core.db.dialect);
    expect(await retention.deleteOldest(s.siteId, new Date(Date.now() + 86_400_000), 2)).toEqual({ deleted: 2, floor: 2 });
    const r = bridge([b.url], bridgeToken.token, cursorFile);
    await waitFor(() => expect(r.status.filter((l) => l.startsWith('connected'))).toHaveLength(2));
    expect(r.status[0]).toMatch(/following lock .* after 1$/);
    expect(r.status.find((l) => l.includes('expired'))).toMatch(/^cursor 1 expired: .*dropped it, following from now$/);
    expect(r.status.filter((l) => l.startsWith('connected'))[1]).toMatch(/from now$/);
    expect(r.fatal).toEqual([]);
    await sleep(400);
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    await waitFor(() => expect(r.events.map((e) => e.type)).toEqual(['PIN_BLOCKED']), 3000);
    expect(new CursorFile(cursorFile, d.lockId).read()).toBe(r.events[0].id);
    await gqlOk(a.url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
  });

  it('gives up when its token is revoked', async () => {
    if (!ok) return;
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'short-lived' } }, s.adminToken);
    const r = bridge([b.url], createBridgeToken.token, path.join(dir, 'revoked.json'));
    await connectedOnce(r);
    await gqlOk(a.url, op.REVOKE_TOKEN, { id: createBridgeToken.id }, s.adminToken);
    await waitFor(() => expect(r.fatal).toHaveLength(1), 3000);
    expect(r.fatal[0]).toMatch(/4403/);
  });
});
