import { SqlEventRetention } from '../../src/infra/orm/event-retention.sql';
import { PinEventType } from '../../src/modules/events/event.entity';
import { RetentionJob } from '../../src/modules/events/event-retention.job';
import type { EventDraft } from '../../src/modules/events/event.log';
import type { Clock } from '../../src/shared/clock';
import { eventually } from '../support/clock.support';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';
import { connected, LOCK_EVENTS, PIN_EVENTS, waitFor, type Received } from '../ws/ws.support';

const DAY_MS = 86_400_000;
const RETENTION_DAYS = 30;

/** A clock the test sets; the app writes events at its time and retention cuts by it. */
function settableClock(): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = Date.now();
  return { now: () => new Date(now), set: (ms) => (now = ms), advance: (ms) => (now += ms) };
}

export function describeRetention(dialect: Dialect, available: () => Promise<boolean>): void {
  describe(`event retention and expired cursors on ${dialect}`, () => {
    let ok = false;
    let db: TestDatabase;
    let t: TestApp;
    const clock = settableClock();
    const realNow = Date.now();

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db, { EVENT_RETENTION_DAYS: String(RETENTION_DAYS) }, undefined, {
        clock,
        retention: { startDelayMs: 100, intervalMs: 3_600_000, pruneIntervalMs: 3_600_000, batchSize: 5, pauseMs: 1 },
      });
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    afterEach(() => clock.set(realNow));

    /** `n` events on the site in one transaction of the event log, written at the clock's time. */
    async function appendEvents(s: SeededSite, n: number): Promise<void> {
      const { db, eventLog } = t.app.core;
      const drafts = Array.from({ length: n }, () => ({ type: PinEventType.POLICY_UPDATED }));
      eventLog.committed(await db.fork().transactional((em) => eventLog.append(em, s.siteId, drafts)));
    }

    const seqsOf = async (siteId: string): Promise<number[]> => {
      const rows = (await t.app.core.db.fork().execute('select seq from pin_event where site_id = ? order by seq', [siteId])) as Array<{ seq: number | string }>;
      return rows.map((r) => Number(r.seq));
    };

    /** A site whose first `old` events are past the retention period and the next `fresh` are not. */
    async function siteWithOldEvents(old: number, fresh: number): Promise<SeededSite & { head: number }> {
      clock.set(realNow - (RETENTION_DAYS + 10) * DAY_MS);
      const s = await seedSite(t);
      await appendEvents(s, old);
      clock.set(realNow);
      await appendEvents(s, fresh);
      const seqs = await seqsOf(s.siteId);
      expect(seqs).toHaveLength(old + fresh);
      return { ...s, head: seqs.at(-1) as number };
    }

    it('runs in the background shortly after start, logging one progress line per run and the attempt prune', async () => {
      if (!ok) return;
      await eventually(() => {
        expect(t.logLines.some((l) => l.includes(`event retention: deleted 0 events older than ${RETENTION_DAYS} days`))).toBe(true);
        expect(t.logLines.some((l) => l.includes('attempt limits: pruned'))).toBe(true);
      }, 5000);
    });

    it('deletes only the events past the retention period, in batches, oldest first, and keeps the newer ones', async () => {
      if (!ok) return;
      const s = await siteWithOldEvents(12, 3);
      const lines = t.logLines.length;
      const run = await t.app.retention.runOnce();
      expect(run).toMatchObject({ deleted: 12, batches: 3, sites: 1, yielded: false });
      expect(await seqsOf(s.siteId)).toEqual([13, 14, 15]);
      const progress = t.logLines.slice(lines).filter((l) => l.includes('event retention:'));
      expect(progress).toHaveLength(1);
      expect(JSON.parse(progress[0])).toMatchObject({ msg: expect.stringContaining('deleted 12 events older than 30 days from 1 sites in 3 batches'), retention: { deleted: 12, batches: 3 } });
      // Nothing left to do: a second run deletes nothing.
      expect((await t.app.retention.runOnce()).deleted).toBe(0);
      expect(await seqsOf(s.siteId)).toEqual([13, 14, 15]);
    });

    it('keeps writing events while retention deletes, without errors or gaps', async () => {
      if (!ok) return;
      const s = await siteWithOldEvents(40, 0);
      // Writers append one event per transaction through the event log, as mutations do.
      const writes = (async () => {
        for (let i = 0; i < 10; i++) await Promise.all([appendEvents(s, 1), appendEvents(s, 1)]);
      })();
      const [run] = await Promise.all([t.app.retention.runOnce(), writes, gqlOk(t.url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 99 } }, s.adminToken)]);
      expect(run.deleted).toBe(40);
      expect(await seqsOf(s.siteId)).toEqual(Array.from({ length: 21 }, (_, i) => 41 + i));
    });

    it('lets two nodes run retention at once: each old event is deleted once and the floor only rises', async () => {
      if (!ok) return;
      const s = await siteWithOldEvents(23, 2);
      const job = () =>
        new RetentionJob(
          { store: new SqlEventRetention(() => t.app.core.db.fork(), t.app.core.db.dialect), attempts: t.app.core.customPinAttempts, clock, logger: t.app.core.logger },
          { retentionDays: RETENTION_DAYS, batchSize: 4, pauseMs: 1 },
        );
      const runs = await Promise.all([job().runOnce(), job().runOnce(), job().runOnce()]);
      const leftOver = await t.app.retention.runOnce();
      expect(runs.reduce((n, r) => n + r.deleted, 0) + leftOver.deleted).toBe(23);
      expect(await seqsOf(s.siteId)).toEqual([24, 25]);
      const floor = (await t.app.core.db.fork().execute('select floor_seq from event_floor where site_id = ?', [s.siteId])) as Array<{ floor_seq: number | string }>;
      expect(floor.map((r) => Number(r.floor_seq))).toEqual([23]);
    });

    it('prunes custom-PIN attempt records an hour after they were counted, and keeps newer ones', async () => {
      if (!ok) return;
      const limiter = t.app.core.customPinAttempts;
      const count = async () => Number(((await t.app.core.db.fork().execute('select count(*) as n from limited_attempt')) as Array<{ n: number | string }>)[0].n);
      await limiter.prune(Number.MAX_SAFE_INTEGER);
      const first = await limiter.reserve('retention-user-1');
      if (!first.ok) throw new Error('no slot');
      await limiter.confirm(first.reservation);
      clock.advance(30 * 60_000);
      const second = await limiter.reserve('retention-user-2');
      if (!second.ok) throw new Error('no slot');
      await limiter.confirm(second.reservation);
      expect(await count()).toBe(2);
      clock.advance(31 * 60_000);
      expect(await t.app.retention.pruneAttempts()).toBe(1);
      expect(await count()).toBe(1);
      clock.advance(30 * 60_000);
      expect(await t.app.retention.pruneAttempts()).toBe(1);
      expect(await count()).toBe(0);
    });

    describe('a cursor below the retention floor', () => {
      let s: SeededSite & { head: number };
      let lockId: string;
      let bridgeToken: string;

      beforeAll(async () => {
        if (!ok) return;
        s = await siteWithOldEvents(8, 0);
        ({ createLock: { id: lockId } } = await gqlOk(t.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Back door' } }, s.adminToken));
        ({ createBridgeToken: { token: bridgeToken } } = await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'scoped', lockIds: [lockId] } }, s.adminToken));
        await appendEvents(s, 2); // seq 9 and 10
        await t.app.retention.runOnce(); // floor 8
      });

      it('answers CURSOR_EXPIRED to the pinEvents query, for admins and scoped bridges, telling the client to drop the cursor', async () => {
        if (!ok) return;
        for (const [after, token] of [['0', s.adminToken], ['7', s.adminToken], ['3', bridgeToken]]) {
          const res = await gql(t.url, op.EVENTS, { siteId: s.siteId, after }, token);
          expect(codeOf(res)).toBe('CURSOR_EXPIRED');
          expect(res.errors?.[0].message).toMatch(/without `after`/);
        }
      });

      it('replays as before from a cursor at or above the floor, or with no cursor', async () => {
        if (!ok) return;
        const ids = async (after: string | null) => (await gqlOk(t.url, op.EVENTS, { siteId: s.siteId, after }, s.adminToken)).pinEvents.map((e: { id: string }) => e.id);
        expect(await ids('8')).toEqual(['9', '10']);
        expect(await ids('9')).toEqual(['10']);
        expect(await ids(null)).toEqual(['9', '10']);
      });

      it('answers CURSOR_EXPIRED to the pinEvents and lockEvents subscriptions, and replays from the floor', async () => {
        if (!ok) return;
        const probe = await connected(t.url, s.adminToken);
        try {
          const expiredSite = probe.subscribe('site', PIN_EVENTS, { siteId: s.siteId, after: '5' });
          const expiredLock = probe.subscribe('lock', LOCK_EVENTS, { lockId, after: '0' });
          const atFloor = probe.subscribe('floor', PIN_EVENTS, { siteId: s.siteId, after: '8' });
          const codeIn = (r: Received) => (r.next[0]?.errors ?? r.error)?.[0]?.extensions?.code;
          await waitFor(() => {
            expect(codeIn(expiredSite)).toBe('CURSOR_EXPIRED');
            expect(codeIn(expiredLock)).toBe('CURSOR_EXPIRED');
            expect(probe.ids('floor', 'pinEvents')).toEqual(['9', '10']);
          });
          expect(expiredSite.next[0]?.errors?.[0].message ?? expiredSite.error?.[0].message).toMatch(/without `after`/);
          expect(codeIn(atFloor)).toBeUndefined();
        } finally {
          probe.close();
        }
      });
    });

    it('replays a quiet lock\'s lockEvents and a scoped pinEvents from their own index ranges, then goes live at once', async () => {
      if (!ok) return;
      const s = await seedSite(t);
      const lock = async (name: string) => (await gqlOk(t.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name } }, s.adminToken)).createLock.id as string;
      const [quiet, busy] = [await lock('quiet'), await lock('busy')];
      const user = async (name: string) => (await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name } }, s.adminToken)).createUser.id as string;
      const [holder, other] = [await user('holder'), await user('other')];
      await gqlOk(t.url, op.GRANT, { input: { userId: holder, lockId: quiet } }, s.adminToken);
      await gqlOk(t.url, op.GRANT, { input: { userId: other, lockId: busy } }, s.adminToken);
      const { db, eventLog } = t.app.core;
      const append = async (drafts: EventDraft[]) => {
        const records = await db.fork().transactional((em) => eventLog.append(em, s.siteId, drafts));
        eventLog.committed(records);
        return records.map((r) => r.seq);
      };
      const many = (n: number, draft: EventDraft) => Array.from({ length: n }, () => draft);
      const [cursor] = await append([{ type: PinEventType.POLICY_UPDATED }]);
      // Pages of 200: the site-wide range is full twice, the busy lock's is never read.
      await append(many(250, { type: PinEventType.POLICY_UPDATED }));
      const [blocked] = await append([{ type: PinEventType.PIN_BLOCKED, userId: holder }]);
      await append([{ type: PinEventType.PIN_BLOCKED, userId: other }]);
      const [granted] = await append([{ type: PinEventType.ACCESS_GRANTED, lockId: quiet, userId: holder, reason: 'GRANTED' }]);
      await append(many(300, { type: PinEventType.ACCESS_DENIED, lockId: busy, reason: 'INVALID_PIN' }));
      const [denied] = await append([{ type: PinEventType.ACCESS_DENIED, lockId: quiet, reason: 'INVALID_PIN' }]);
      await append(many(250, { type: PinEventType.POLICY_UPDATED }));
      const [unblocked] = await append([{ type: PinEventType.PIN_UNBLOCKED, userId: holder }]);
      await append(many(5, { type: PinEventType.ACCESS_DENIED, lockId: busy, reason: 'INVALID_PIN' }));

      const { createBridgeToken } = await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'quiet', lockIds: [quiet] } }, s.adminToken);
      const probe = await connected(t.url, createBridgeToken.token);
      try {
        probe.subscribe('lock', LOCK_EVENTS, { lockId: quiet, after: String(cursor) });
        probe.subscribe('site', PIN_EVENTS, { siteId: s.siteId, after: String(cursor) });
        await waitFor(() => {
          expect(probe.ids('lock', 'lockEvents')).toEqual([blocked, granted, denied, unblocked].map(String));
          expect(probe.ids('site', 'pinEvents')).toEqual([granted, denied].map(String));
        });
        const [live] = await append([{ type: PinEventType.ACCESS_GRANTED, lockId: quiet, userId: holder, reason: 'GRANTED' }]);
        await waitFor(() => {
          expect(probe.ids('lock', 'lockEvents').at(-1)).toBe(String(live));
          expect(probe.ids('site', 'pinEvents').at(-1)).toBe(String(live));
        }, 1000);
      } finally {
        probe.close();
      }
    });

    it('lists a scoped bridge\'s events lock by lock, merged in seq order, page by page', async () => {
      if (!ok) return;
      const s = await seedSite(t);
      const lock = async (name: string) => (await gqlOk(t.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name } }, s.adminToken)).createLock.id as string;
      const [a, b, c] = [await lock('A'), await lock('B'), await lock('C')];
      const users: string[] = [];
      for (const name of ['u1', 'u2', 'u3']) users.push((await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name } }, s.adminToken)).createUser.id);
      for (const [u, l] of [[0, a], [0, b], [1, a], [0, c], [1, b], [2, a], [2, c], [2, b]] as const) {
        await gqlOk(t.url, op.GRANT, { input: { userId: users[u], lockId: l } }, s.adminToken);
      }
      await appendEvents(s, 1);
      const all = (await gqlOk(t.url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents as Array<{ id: string; lock: { id: string } | null }>;
      const expected = all.filter((e) => e.lock && [a, b].includes(e.lock.id)).map((e) => e.id);
      expect(expected).toHaveLength(6);
      const { createBridgeToken } = await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'A and B', lockIds: [a, b] } }, s.adminToken);
      const page = async (after: string | null) => (await gqlOk(t.url, op.EVENTS, { siteId: s.siteId, after, first: 4 }, createBridgeToken.token)).pinEvents.map((e: { id: string }) => e.id) as string[];
      const first = await page(null);
      expect(first).toEqual(expected.slice(0, 4));
      expect(await page(first[3])).toEqual(expected.slice(4));
    });
  });
}
