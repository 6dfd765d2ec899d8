import { ApiClient } from '../../bots/bridge/api.client';
import { verifierOf } from '../../bots/bridge/data.crypto';
import { DecisionReporter, nextBatch, REPORT_BATCH } from '../../bots/bridge/decision.reporter';
import { DecisionQueue, type OfflineRecord } from '../../bots/bridge/decision.queue';
import { storageKey } from '../../bots/bridge/data.crypto';
import type { Replica } from '../../bots/bridge/replica.model';
import { ReplicaSync } from '../../bots/bridge/replica.sync';
import { DataDir } from '../../bots/bridge/data.dir';
import { AccessToken } from '../../src/modules/token/token.entity';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as op from '../e2e/domain.operations';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';

/** The bridge's replica sync and decision reporting against a real API on SQLite. */
describe('the bridge replica sync and decision reports', () => {
  let db: TestDatabase;
  let t: TestApp;
  let s: SeededSite;
  let lockId: string;
  let bridge: { id: string; token: string };
  const users: Array<{ id: string; permissionId: string; code: string; pinId: string }> = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
    s = await seedSite(t);
    ({ createLock: { id: lockId } } = await gqlOk(t.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Front' } }, s.adminToken));
    ({ createBridgeToken: bridge } = await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'front', lockIds: [lockId] } }, s.adminToken));
    for (let i = 0; i < 3; i++) {
      const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: `User ${i}` } }, s.adminToken);
      const { grantAccess } = await gqlOk(t.url, op.GRANT, { input: { userId: createUser.id, lockId } }, s.adminToken);
      const session = await userSession(t.url, s.adminToken, createUser.id);
      const { assignPin } = await gqlOk(t.url, op.ASSIGN, { input: {} }, session.token);
      users.push({ id: createUser.id, permissionId: grantAccess.id, code: assignPin.code, pinId: assignPin.pin.id });
    }
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  const syncer = (holder: { replica: Replica | null }, statuses: string[] = []) =>
    new ReplicaSync({
      api: new ApiClient([t.url], bridge.token),
      holder: { current: () => holder.replica, save: (r) => void (holder.replica = r) },
      pageSize: 1,
      onStatus: (l) => void statuses.push(l),
    });

  it('fetches the key once, then every page of a change set, and moves the cursor only once the set is complete', async () => {
    const holder: { replica: Replica | null } = { replica: null };
    await syncer(holder).sync();
    const r = holder.replica!;
    expect(r.key).toMatchObject({ tokenId: bridge.id, siteId: s.siteId, lockIds: [lockId] });
    expect(Object.keys(r.entries).sort()).toEqual(users.map((u) => u.id).sort());
    for (const u of users) expect(r.entries[u.id].pins[0].verifier).toBe(verifierOf(r.key!.key, s.siteId, u.code));
    expect(r.locks).toEqual([{ id: lockId, pinEnabled: true }]);
    expect(r.policy).toMatchObject({ timezone: 'Europe/Madrid', offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60, offlineGraceHours: 72 });
    expect(Number(r.cursor)).toBeGreaterThan(0);

    // The changes after the cursor: a revoked permission removes its user, a block changes a PIN.
    await gqlOk(t.url, op.REVOKE, { id: users[0].permissionId }, s.adminToken);
    await gqlOk(t.url, op.BLOCK, { id: users[1].pinId }, s.adminToken);
    const before = r.cursor;
    await syncer(holder).sync();
    const next = holder.replica!;
    expect(Number(next.cursor)).toBeGreaterThan(Number(before));
    expect(Object.keys(next.entries).sort()).toEqual([users[1].id, users[2].id].sort());
    expect(next.entries[users[1].id].pins[0].status).toBe('BLOCKED');
    expect(next.key).toEqual(r.key);
  });

  it('tells of each change set once it is saved, though syncs asked for meanwhile keep sync() running', async () => {
    const holder: { replica: Replica | null } = { replica: null };
    const told: Array<{ cursor: string | null; users: number; settled: boolean }> = [];
    let settled = false;
    const sync: ReplicaSync = new ReplicaSync({
      api: new ApiClient([t.url], bridge.token),
      holder: { current: () => holder.replica, save: (r) => void (holder.replica = r) },
      onSynced: (r) => {
        told.push({ cursor: r.cursor, users: Object.keys(r.entries).length, settled });
        // An event arrives while the sync runs, twice: each asks for one more change set.
        if (told.length < 3) void sync.sync();
      },
    });
    await sync.sync().then(() => void (settled = true));
    expect(told).toHaveLength(3);
    // Each told before sync() settled, the first with the whole replica already saved.
    expect(told.map((x) => x.settled)).toEqual([false, false, false]);
    expect(told[0]).toMatchObject({ cursor: holder.replica!.cursor, users: Object.keys(holder.replica!.entries).length });
  });

  it('syncs from scratch when its cursor is past the retention floor (CURSOR_EXPIRED)', async () => {
    const holder: { replica: Replica | null } = { replica: null };
    const statuses: string[] = [];
    await syncer(holder, statuses).sync();
    const stale = holder.replica!;
    // A user who is no longer in scope, kept in a replica whose cursor retention has since passed.
    holder.replica = { ...stale, cursor: '1', entries: { ...stale.entries, ghost: { userId: 'ghost', pins: [], permissions: [] } } };
    await t.app.core.db.fork().execute('insert into event_floor (site_id, floor_seq) values (?, ?)', [s.siteId, 5]);
    try {
      await syncer(holder, statuses).sync();
    } finally {
      await t.app.core.db.fork().execute('delete from event_floor where site_id = ?', [s.siteId]);
    }
    expect(statuses.some((l) => /cursor 1 expired; syncing the replica from scratch/.test(l))).toBe(true);
    expect(holder.replica!.entries.ghost).toBeUndefined();
    expect(Object.keys(holder.replica!.entries).sort()).toEqual(Object.keys(stale.entries).sort());
    expect(Number(holder.replica!.cursor)).toBeGreaterThanOrEqual(Number(stale.cursor));
  });

  it('reports queued decisions in batches of up to 500, drops them once acknowledged, and the server records each id once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-report-'));
    try {
      const file = path.join(dir, 'decisions.log');
      const key = storageKey(bridge.token);
      const queue = new DecisionQueue(file, key);
      const at = new Date().toISOString();
      const records: OfflineRecord[] = Array.from({ length: 501 }, () => ({ id: randomUUID(), lockId, at, type: 'ACCESS_DENIED', reason: 'INVALID_PIN', pinId: null, userId: null, failedAttempts: null }));
      // Every kind of record the door makes.
      records.push({ id: randomUUID(), lockId, at, type: 'LOCKOUT_STARTED', reason: null, pinId: null, userId: null, failedAttempts: 3 });
      records[10] = { ...records[10], reason: 'LOCKED_OUT' };
      records[20] = { ...records[20], reason: 'REPLICA_STALE' };
      records[30] = { ...records[30], type: 'ACCESS_GRANTED', reason: 'GRANTED', pinId: users[2].pinId, userId: users[2].id };
      records[40] = { ...records[40], reason: 'PIN_BLOCKED', pinId: users[1].pinId, userId: users[1].id };
      for (const r of records) queue.append(r);
      const copy = fs.readFileSync(file);
      const statuses: string[] = [];
      const reporter = new DecisionReporter({ api: new ApiClient([t.url], bridge.token), queue, onStatus: (l) => void statuses.push(l) });
      expect(await reporter.flush()).toBe(502);
      const counts = (lines: string[]) => lines.map((l) => /^reported (\d+) offline decisions \((\d+) recorded, (\d+) already known\)$/.exec(l)?.slice(1).map(Number) ?? l);
      const first = counts(statuses) as number[][];
      // Each call within the API's 16 kB body limit, every record in one of them.
      expect(first.length).toBeGreaterThan(1);
      for (const [sent, recorded, known] of first) expect([sent <= REPORT_BATCH, recorded, known]).toEqual([true, sent, 0]);
      expect(first.reduce((n, [sent]) => n + sent, 0)).toBe(502);
      expect(queue.pending()).toEqual([]);
      expect(new DecisionQueue(file, key).pending()).toEqual([]);

      // The bridge crashed before it dropped them: the same records again are duplicates.
      fs.writeFileSync(file, copy);
      const again = new DecisionQueue(file, key);
      statuses.length = 0;
      expect(await new DecisionReporter({ api: new ApiClient([t.url], bridge.token), queue: again, onStatus: (l) => void statuses.push(l) }).flush()).toBe(502);
      const second = counts(statuses) as number[][];
      for (const [sent, recorded, known] of second) expect([recorded, known]).toEqual([0, sent]);
      expect(second.reduce((n, [sent]) => n + sent, 0)).toBe(502);
      const offline = (await t.app.core.db.fork().execute('select count(*) as n from pin_event where site_id = ? and offline = ?', [s.siteId, true], 'get')) as { n: number };
      expect(Number(offline.n)).toBe(502);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cuts batches at 500 decisions and at the byte budget, never below one decision', () => {
    const r = (i: number): OfflineRecord => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, lockId, at: '2026-11-30T10:00:00.000Z', type: 'ACCESS_DENIED', reason: 'INVALID_PIN', pinId: null, userId: null, failedAttempts: null });
    const many = Array.from({ length: 600 }, (_, i) => r(i));
    expect(nextBatch(many, 500, 10_000_000)).toHaveLength(500);
    const size = Buffer.byteLength(JSON.stringify(r(0))) + 1;
    expect(nextBatch(many, 500, size * 10)).toHaveLength(10);
    expect(nextBatch(many, 500, size * 10 - 1)).toHaveLength(9);
    expect(nextBatch(many, 500, 1)).toHaveLength(1);
    expect(nextBatch([], 500, 100)).toEqual([]);
  });

  it('keeps the queue when the API refuses a batch, and drops records older than the API accepts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-report-'));
    try {
      const queue = new DecisionQueue(path.join(dir, 'decisions.log'), storageKey(bridge.token));
      const other = '99999999-9999-4999-8999-999999999999';
      queue.append({ id: randomUUID(), lockId: other, at: new Date().toISOString(), type: 'ACCESS_DENIED', reason: 'INVALID_PIN', pinId: null, userId: null, failedAttempts: null });
      const statuses: string[] = [];
      expect(await new DecisionReporter({ api: new ApiClient([t.url], bridge.token), queue, onStatus: (l) => void statuses.push(l) }).flush()).toBe(0);
      expect(queue.pending()).toHaveLength(1);
      expect(statuses[0]).toMatch(/^offline decisions refused, kept for later/);
      const reporter = new DecisionReporter({ api: new ApiClient([t.url], bridge.token), queue, tooOld: (r) => r.lockId === other, onStatus: (l) => void statuses.push(l) });
      expect(await reporter.flush()).toBe(0);
      expect(queue.pending()).toEqual([]);
      expect(statuses.at(-1)).toBe('dropped 1 offline decisions older than PinGate accepts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fetches the key again and syncs from scratch when a page carries another key version, and keeps the decision queue', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-keyversion-'));
    try {
      const data = new DataDir(path.join(dir, 'data'), bridge.token);
      const holder: { replica: Replica | null } = { replica: null };
      await syncer(holder).sync();
      const current = holder.replica!;
      expect(current.key!.keyVersion).toBe(1);
      // A replica kept under a key whose pepper was since retired: another version, another key, a user no longer sent.
      const old = { ...current.key!, keyVersion: 7, key: Buffer.alloc(32, 9).toString('base64url') };
      holder.replica = { ...current, key: old, entries: { ...current.entries, ghost: { userId: 'ghost', pins: [], permissions: [] } } };
      const queued: OfflineRecord = { id: randomUUID(), lockId, at: new Date().toISOString(), type: 'ACCESS_DENIED', reason: 'INVALID_PIN', pinId: null, userId: null, failedAttempts: null };
      data.queue.append(queued);
      const statuses: string[] = [];
      const saves: Replica[] = [];
      await new ReplicaSync({
        api: new ApiClient([t.url], bridge.token),
        holder: { current: () => holder.replica, save: (r) => void (saves.push(r), data.replica.write(r), (holder.replica = r)) },
        pageSize: 1,
        onStatus: (l) => void statuses.push(l),
      }).sync();
      expect(statuses.some((l) => /bridge key version 7 is no longer the API's \(1\); fetching the key again and syncing the replica from scratch/.test(l))).toBe(true);
      // The old replica is dropped as soon as the new key is in: nothing is decided under the old key meanwhile.
      expect(saves[0]).toMatchObject({ key: current.key, cursor: null, entries: {} });
      const next = data.replica.read()!;
      expect(next.key).toEqual(current.key);
      expect(next.entries.ghost).toBeUndefined();
      expect(Object.keys(next.entries).sort()).toEqual(Object.keys(current.entries).sort());
      for (const u of users.filter((x) => next.entries[x.id])) expect(next.entries[u.id].pins[0].verifier).toBe(verifierOf(next.key!.key, s.siteId, u.code));
      expect(new DataDir(path.join(dir, 'data'), bridge.token).queue.pending()).toEqual([queued]);

      // A replica saved before keys had versions resyncs the same way.
      holder.replica = { ...current, key: { ...current.key!, keyVersion: undefined as unknown as number } };
      statuses.length = 0;
      await syncer(holder, statuses).sync();
      expect(statuses.some((l) => /bridge key version unknown is no longer the API's \(1\)/.test(l))).toBe(true);
      expect(holder.replica!.key).toEqual(current.key);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves a key whose pepper is no longer configured to the current version: bridgeKey and every replica page say so, with no verifier under the old key', async () => {
    const KEY = 'query { bridgeKey { tokenId key keyVersion } }';
    const PAGE = 'query { bridgeReplica(first: 10) { keyVersion entries { pins { verifier } } } }';
    const before = (await gqlOk(t.url, KEY, {}, bridge.token)).bridgeKey;
    expect(before.keyVersion).toBe(1);
    const page = (await gqlOk(t.url, PAGE, {}, bridge.token)).bridgeReplica;
    expect(page.keyVersion).toBe(1);
    expect(page.entries.flatMap((e: { pins: Array<{ verifier: string | null }> }) => e.pins).some((p: { verifier: string | null }) => p.verifier !== null)).toBe(true);
    // Version 5 has no pepper here: as after PIN_PEPPERS_PREVIOUS stopped listing it.
    await t.app.core.db.fork().nativeUpdate(AccessToken, { id: bridge.id }, { bridgeKeyVersion: 5 });
    const moved = (await gqlOk(t.url, PAGE, {}, bridge.token)).bridgeReplica;
    expect(moved.keyVersion).toBe(1);
    expect(moved.entries.flatMap((e: { pins: Array<{ verifier: string | null }> }) => e.pins).every((p: { verifier: string | null }) => p.verifier === null)).toBe(true);
    const row = await t.app.core.db.fork().findOneOrFail(AccessToken, bridge.id);
    expect(row.bridgeKeyVersion).toBe(1);
    expect((await gqlOk(t.url, KEY, {}, bridge.token)).bridgeKey).toEqual(before);
  });
});
