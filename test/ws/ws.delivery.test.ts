import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PinEventType } from '../../src/modules/events/event.entity';
import type { PublishedEvent } from '../../src/modules/events/event-bus.port';
import { access, door, wrongPin } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import type { TestDatabase } from '../support/databases';
import { startTwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { connected, FAST, LOCK_EVENTS, PIN_EVENTS, sleep, waitFor, type WsProbe } from './ws.support';

/** Appends events on a node the way its services do: one transaction, then published after commit. */
async function appendOn(t: TestApp, siteId: string, count: number, type = PinEventType.POLICY_UPDATED): Promise<number[]> {
  const { db, eventLog } = t.app.core;
  const records = await db.fork().transactional((tem) => eventLog.append(tem, siteId, Array.from({ length: count }, () => ({ type }))));
  eventLog.committed(records);
  return records.map((r) => r.seq);
}

/** Resolves once the node streams subscription `id` (a heartbeat names it). */
const live = (probe: WsProbe, id: string) => waitFor(() => expect(probe.pings.some((p) => p?.heartbeat?.subscriptions?.[id])).toBe(true));

const consecutive = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('live events over graphql-ws across two nodes (PostgreSQL + Redis)', () => {
  let ok = false;
  let db: TestDatabase;
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  const probes: WsProbe[] = [];
  const open = async (node: TestApp, token: string) => {
    const p = await connected(node.url, token);
    probes.push(p);
    return p;
  };

  beforeAll(async () => {
    const nodes = await startTwoNodes(FAST);
    ok = nodes !== null;
    if (!nodes) return;
    ({ db, a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a);
  });

  afterEach(() => {
    for (const p of probes.splice(0)) p.close();
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  it('delivers the events of mutations made on node A to a subscriber on node B, in order, each within a second', async () => {
    if (!ok) return;
    const probe = await open(b, s.adminToken);
    const sub = probe.subscribe('s1', PIN_EVENTS, { siteId: s.siteId });
    await live(probe, 's1');
    const { createUser } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Ann' } }, s.adminToken);
    const { createLock } = await gqlOk(a.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Gate' } }, s.adminToken);
    const steps: Array<[PinEventType, () => Promise<unknown>]> = [];
    let pinId = '';
    steps.push([PinEventType.PIN_ASSIGNED, async () => (pinId = (await gqlOk(a.url, op.ASSIGN, { input: { userId: createUser.id } }, s.adminToken)).assignPin.pin.id)]);
    steps.push([PinEventType.PERMISSION_GRANTED, () => gqlOk(a.url, op.GRANT, { input: { userId: createUser.id, lockId: createLock.id } }, s.adminToken)]);
    steps.push([PinEventType.PIN_BLOCKED, () => gqlOk(a.url, op.BLOCK, { id: pinId }, s.adminToken)]);
    steps.push([PinEventType.PIN_UNBLOCKED, () => gqlOk(a.url, op.UNBLOCK, { id: pinId }, s.adminToken)]);
    steps.push([PinEventType.POLICY_UPDATED, () => gqlOk(a.url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 90 } }, s.adminToken)]);
    for (const [type, run] of steps) {
      const before = sub.next.length;
      await run();
      const committed = Date.now();
      await waitFor(() => expect(sub.next.length).toBe(before + 1), 1000, 5);
      expect(Date.now() - committed).toBeLessThan(1000);
      expect(sub.next[before].data.pinEvents.type).toBe(type);
    }
    const ids = sub.next.map((n) => Number(n.data.pinEvents.id));
    expect(ids).toEqual(consecutive(ids[0], ids[0] + 4).map(Number));
    expect(sub.next[0].data.pinEvents).toMatchObject({ user: { id: createUser.id }, pin: { id: pinId } });
    expect(sub.error).toBeNull();
  });

  it('resumes after a cursor with exactly the missed events, then live ones, while events keep arriving during the replay', async () => {
    if (!ok) return;
    const first = await open(b, s.adminToken);
    first.subscribe('before', PIN_EVENTS, { siteId: s.siteId });
    await live(first, 'before');
    const seen = await appendOn(a, s.siteId, 3);
    await waitFor(() => expect(first.ids('before', 'pinEvents')).toEqual(seen.map(String)));
    first.close();
    const cursor = seen[seen.length - 1];

    // Missed while away: more than a few pages of the log.
    for (let i = 0; i < 6; i++) await appendOn(a, s.siteId, 250);
    // Keep writing on both nodes, one event per transaction, while the replay runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await appendOn(written % 2 ? b : a, s.siteId, 1);
        written++;
      }
    })();
    await sleep(30);
    const resumed = await open(b, s.adminToken);
    const sub = resumed.subscribe('after', PIN_EVENTS, { siteId: s.siteId, after: String(cursor) });
    // At least 700 ms and 6 writes, however slow a loaded machine makes them.
    await sleep(700);
    await waitFor(() => expect(written).toBeGreaterThan(5), 30_000);
    const writtenDuringReplay = written;
    writing = false;
    await writer;
    const last = await appendOn(a, s.siteId, 1);
    await waitFor(() => expect(resumed.ids('after', 'pinEvents').at(-1)).toBe(String(last[0])), 10_000);
    expect(writtenDuringReplay).toBeGreaterThan(5);
    expect(resumed.ids('after', 'pinEvents')).toEqual(consecutive(cursor + 1, last[0]));
    expect(sub.error).toBeNull();
  });

  it('delivers two transactions that take their sequence numbers in one order to a live and a replaying subscriber, whatever order their nodes publish in', async () => {
    if (!ok) return;
    const probe = await open(b, s.adminToken);
    const sub = probe.subscribe('live', PIN_EVENTS, { siteId: s.siteId });
    await live(probe, 'live');
    const [cursor] = await appendOn(a, s.siteId, 1);
    await waitFor(() => expect(probe.ids('live', 'pinEvents')).toEqual([String(cursor)]));

    const t1 = new Client({ connectionString: db.databaseUrl as string });
    const t2 = new Client({ connectionString: db.databaseUrl as string });
    await Promise.all([t1.connect(), t2.connect()]);
    try {
      const takeSeq = 'update site set event_seq = event_seq + 1 where id = $1 returning event_seq';
      const insert = `insert into pin_event (id, site_id, seq, type, at) values ($1, $2, $3, 'POLICY_UPDATED', now())`;
      await t1.query('begin');
      await t2.query('begin');
      const seq1 = Number((await t1.query(takeSeq, [s.siteId])).rows[0].event_seq);
      // T2 asks for the next number: it waits on T1's row lock, so it cannot take seq1 + 1 (let
      // alone commit) before T1 has committed. Commit order is therefore seq order, and a reader
      // that has seen seq N has seen every seq below N (DESIGN.md rule 11).
      let t2Took: number | null = null;
      const t2Seq = t2.query(takeSeq, [s.siteId]).then((r) => (t2Took = Number(r.rows[0].event_seq)));
      await sleep(300);
      expect(t2Took).toBeNull();
      const observer = new Client({ connectionString: db.databaseUrl as string });
      await observer.connect();
      const blocked = await observer.query(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'update site set event_seq%'`,
      );
      await observer.end();
      expect(blocked.rows[0].n).toBe(1);
      await t1.query(insert, [randomUUID(), s.siteId, seq1]);
      await t1.query('commit');
      await t2Seq;
      const seq2 = t2Took as unknown as number;
      expect(seq2).toBe(seq1 + 1);
      await t2.query(insert, [randomUUID(), s.siteId, seq2]);
      await t2.query('commit');

      // Their nodes publish after commit; across nodes the later one may arrive first.
      const published = (seq: number): PublishedEvent => ({ id: String(seq), seq, siteId: s.siteId, type: PinEventType.POLICY_UPDATED, userId: null, pinId: null, lockId: null, reason: null, actorId: null, refId: null, at: new Date().toISOString() });
      await b.app.core.adapters.bus.publish(s.siteId, published(seq2));
      await sleep(20);
      await a.app.core.adapters.bus.publish(s.siteId, published(seq1));
      await waitFor(() => expect(probe.ids('live', 'pinEvents')).toEqual([cursor, seq1, seq2].map(String)));

      const replaying = await open(a, s.adminToken);
      replaying.subscribe('replay', PIN_EVENTS, { siteId: s.siteId, after: String(cursor) });
      await waitFor(() => expect(replaying.ids('replay', 'pinEvents')).toEqual([seq1, seq2].map(String)));
      expect(sub.error).toBeNull();
    } finally {
      await Promise.all([t1.end(), t2.end()]);
    }
  });

  it('reads from the log a tail the bus never delivered', async () => {
    if (!ok) return;
    const probe = await open(b, s.adminToken);
    probe.subscribe('tail', PIN_EVENTS, { siteId: s.siteId });
    await live(probe, 'tail');
    // Committed, but its node died before publishing it: no later event reveals the gap.
    const { db: database, eventLog } = a.app.core;
    const records = await database.fork().transactional((tem) => eventLog.append(tem, s.siteId, [{ type: PinEventType.POLICY_UPDATED }]));
    await waitFor(() => expect(probe.ids('tail', 'pinEvents')).toEqual([String(records[0].seq)]), 3000);
  });

  it('never publishes the event of a transaction that rolled back; the next event takes its number', async () => {
    if (!ok) return;
    const probe = await open(b, s.adminToken);
    probe.subscribe('rb', PIN_EVENTS, { siteId: s.siteId });
    await live(probe, 'rb');
    const [before] = await appendOn(a, s.siteId, 1);
    const { db: database, eventLog } = a.app.core;
    await expect(
      database.fork().transactional(async (tem) => {
        await eventLog.append(tem, s.siteId, [{ type: PinEventType.PIN_BLOCKED, userId: randomUUID() }]);
        throw new Error('the change failed after its event was appended');
      }),
    ).rejects.toThrow('the change failed');
    const [after] = await appendOn(a, s.siteId, 1);
    expect(after).toBe(before + 1);
    await waitFor(() => expect(probe.ids('rb', 'pinEvents')).toEqual([String(before), String(after)]));
    await sleep(600);
    expect(probe.subs.get('rb')!.next.map((n) => n.data.pinEvents.type)).toEqual(['POLICY_UPDATED', 'POLICY_UPDATED']);
  });

  it('carries on lockEvents the decisions at the lock and the PIN and permission changes of its holders, and a heartbeat of where it stands', async () => {
    if (!ok) return;
    const here = await door(a.url, s);
    const there = await door(a.url, s);
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'front door', lockIds: [here.lockId] } }, s.adminToken);
    const probe = await open(b, createBridgeToken.token);
    probe.subscribe('lock', LOCK_EVENTS, { lockId: here.lockId });
    await live(probe, 'lock');

    await gqlOk(a.url, op.BLOCK, { id: there.pinId }, s.adminToken); // not a holder of this lock
    await gqlOk(a.url, op.BLOCK, { id: here.pinId }, s.adminToken);
    await access(a.url, here.bridgeToken, here.lockId, here.code); // PIN_BLOCKED at this lock
    await access(a.url, there.bridgeToken, there.lockId, wrongPin(there.code)); // another lock
    await a.app.core.recorder.flush(); // decisions are written in batches: keep this test's order
    await gqlOk(a.url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 61 } }, s.adminToken); // site-wide
    await gqlOk(a.url, op.GRANT, { input: { userId: there.userId, lockId: here.lockId } }, s.adminToken); // now a holder
    await gqlOk(a.url, op.UNBLOCK, { id: there.pinId }, s.adminToken);

    const types = () => probe.subs.get('lock')!.next.map((n) => `${n.data.lockEvents.type}${n.data.lockEvents.reason ? `:${n.data.lockEvents.reason}` : ''}`);
    await waitFor(() => expect(types()).toEqual(['PIN_BLOCKED', 'ACCESS_DENIED:PIN_BLOCKED', 'PERMISSION_GRANTED', 'PIN_UNBLOCKED']), 3000);
    const [marker] = await appendOn(a, s.siteId, 1); // not about the lock: moves `through` only
    const lastId = probe.ids('lock', 'lockEvents').at(-1) as string;
    await waitFor(() => {
      const beat = probe.pings.at(-1).heartbeat;
      expect(beat.intervalMs).toBe(300);
      expect(beat.subscriptions.lock).toEqual({ last: lastId, through: String(marker), head: String(marker) });
    }, 3000);
  });
});
