import { randomUUID } from 'node:crypto';
import { BridgeVerifier } from '../../src/modules/bridge/bridge-verifier.entity';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { userSession } from '../support/user-session.support';
import { seedSite, startTestApp, type TestApp } from '../support/test-app';
import {
  BLOCK,
  BRIDGE_KEY,
  BRIDGES,
  DELETE_USER,
  EVENTS,
  EXPOSED,
  LOCK_ACCESS,
  OfflineSite,
  REASSIGN,
  REPLICA,
  REPORT,
  RESOLVE,
  REVOKE_ACCESS,
  REVOKE_TOKEN,
  SERVICE_TOKEN,
  verifierOf,
} from './offline.support';

const UPDATE_PERMISSION = `mutation($id: ID!, $input: UpdatePermissionInput!) { updatePermission(id: $id, input: $input) { id } }`;
const POLICY = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { pinPolicy { offlineGraceHours offlineMaxFailedAttempts offlineLockoutSeconds } } }`;
const POLICY_CUSTOM = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { pinPolicy { customPinsEnabled } } }`;
const ASSIGN_CUSTOM = `mutation($code: String!) { assignPin(input: { kind: CUSTOM, code: $code }) { pin { id } } }`;
const RISK = `query($id: ID!) { site(id: $id) { guessingRisk { failedGuessCeilingPerDay offlineGuessCeiling } } }`;

/** Offline doors, server side: keys, verifiers, replicas, offline reports and exposed PINs. */
export function describeOfflineBridges(dialect: Dialect, available: () => Promise<boolean>): void {
  describe(`offline bridges on ${dialect}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let ok = false;
    const codes: string[] = [];

    /**
     * Verifiers written in the last minute are sent again with a change set (they may have been
     * written after the event of the grant that made them): age them, for exact change sets.
     */
    const ageVerifiers = (siteId: string) => t.app.core.db.fork().nativeUpdate(BridgeVerifier, { siteId }, { createdAt: new Date(Date.now() - 3600_000) });
    const newSite = async (name: string) => new OfflineSite(t, await seedSite(t, { name }));
    const assign = async (site: OfflineSite, userId: string) => {
      const pin = await site.assign(userId);
      codes.push(pin.code);
      return pin;
    };

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db);
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    it('gives a bridge its own key, refuses it to users and services, and records that it was given', async () => {
      if (!ok) return;
      const site = await newSite('Keys');
      const door = await site.lock();
      const bridge = await site.bridge('Scoped', [door]);
      const { bridgeKey } = await gqlOk(t.url, BRIDGE_KEY, {}, bridge.token);
      expect(bridgeKey).toMatchObject({ tokenId: bridge.id, siteId: site.s.siteId, lockIds: [door] });
      expect(Buffer.from(bridgeKey.key, 'base64url')).toHaveLength(32);
      // The same key every time.
      expect((await gqlOk(t.url, BRIDGE_KEY, {}, bridge.token)).bridgeKey.key).toBe(bridgeKey.key);
      const issued = (await t.app.core.db.fork().execute('select bridge_key_issued_at, bridge_key_version from access_token where id = ?', [bridge.id]))[0];
      expect(issued.bridge_key_issued_at).not.toBeNull();
      expect(Number(issued.bridge_key_version)).toBe(1);

      const service = (await site.admin(SERVICE_TOKEN, { siteId: site.s.siteId })).createServiceToken;
      for (const token of [site.s.adminToken, service.token]) {
        expect(codeOf(await gql(t.url, BRIDGE_KEY, {}, token))).toBe('FORBIDDEN');
        expect(codeOf(await gql(t.url, REPLICA, {}, token))).toBe('FORBIDDEN');
        expect(codeOf(await gql(t.url, REPORT, { decisions: [] }, token))).toBe('FORBIDDEN');
      }
      expect(codeOf(await gql(t.url, BRIDGE_KEY, {}, null))).toBe('UNAUTHENTICATED');
    });

    it("makes a verifier equal to HMAC(K_b, siteId:digits) for every live bridge, and bridge A's verifiers do not verify at bridge B", async () => {
      if (!ok) return;
      const site = await newSite('Verifiers');
      const door = await site.lock();
      const a = await site.bridge('A');
      const b = await site.bridge('B');
      const user = await site.user();
      await site.grant(user, door);
      const pin = await assign(site, user);
      const [keyA, keyB] = [await site.key(a), await site.key(b)];
      expect(keyA).not.toBe(keyB);

      const fromA = (await site.sync(a)).entries;
      const fromB = (await site.sync(b)).entries;
      const vA = fromA[0].pins[0].verifier;
      const vB = fromB[0].pins[0].verifier;
      expect(fromA[0].pins[0]).toMatchObject({ id: pin.pinId, kind: 'AUTO', status: 'ACTIVE' });
      expect(vA).toBe(verifierOf(keyA, site.s.siteId, pin.code));
      expect(vB).toBe(verifierOf(keyB, site.s.siteId, pin.code));
      // A replica taken from A is no use at B: B computes another value from the same digits.
      expect(vA).not.toBe(verifierOf(keyB, site.s.siteId, pin.code));
      expect(vA).not.toBe(vB);
      // Nor does another site's identical digits give the same verifier.
      expect(vA).not.toBe(verifierOf(keyA, randomUUID(), pin.code));
    });

    it('fills the verifier of a PIN made before its bridge on the next online grant, not before', async () => {
      if (!ok) return;
      const site = await newSite('Late bridge');
      const door = await site.lock();
      const user = await site.user();
      await site.grant(user, door);
      const pin = await assign(site, user);
      const late = await site.bridge('Late');
      const key = await site.key(late);
      const first = await site.sync(late);
      expect(first.entries).toEqual([expect.objectContaining({ userId: user, pins: [expect.objectContaining({ id: pin.pinId, verifier: null })] })]);
      // A denied attempt makes nothing.
      await gqlOk(t.url, LOCK_ACCESS, { lockId: door, pin: '000000000' }, late.token);
      await t.app.core.verifiers.drain();
      expect((await site.sync(late, first.cursor)).entries).toEqual([]);

      const decision = (await gqlOk(t.url, LOCK_ACCESS, { lockId: door, pin: pin.code }, late.token)).lockAccess;
      expect(decision).toEqual({ granted: true, reason: 'GRANTED' });
      await t.app.core.verifiers.drain();
      await t.app.core.recorder.flush();
      const next = await site.sync(late, first.cursor);
      expect(next.entries).toHaveLength(1);
      expect(next.entries[0].pins[0].verifier).toBe(verifierOf(key, site.s.siteId, pin.code));
      // Filled once: another grant writes nothing new.
      expect(await t.app.core.verifiers.fill({ siteId: site.s.siteId, pinId: pin.pinId, digits: pin.code })).toBe(0);
    });

    it('makes no verifier for a revoked or expired bridge, and none when a bridge is created', async () => {
      if (!ok) return;
      const site = await newSite('Revoked bridges');
      const door = await site.lock();
      const live = await site.bridge('Live');
      const gone = await site.bridge('Gone');
      await site.admin(REVOKE_TOKEN, { id: gone.id });
      const user = await site.user();
      await site.grant(user, door);
      const pin = await assign(site, user);
      const rows = (await t.app.core.db.fork().execute('select token_id from bridge_verifier where pin_id = ?', [pin.pinId])) as Array<{ token_id: string }>;
      expect(rows.map((r) => r.token_id)).toEqual([live.id]);
      await site.bridge('New');
      expect(await t.app.core.db.fork().execute('select token_id from bridge_verifier where pin_id = ?', [pin.pinId])).toHaveLength(1);
    });

    it('pages a replica by user, three pages with first=2, and records the sync on the last page', async () => {
      if (!ok) return;
      const site = await newSite('Paging');
      const door = await site.lock();
      const other = await site.lock('Back door');
      const bridge = await site.bridge('Front', [door]);
      const users: string[] = [];
      for (let i = 0; i < 5; i++) {
        const u = await site.user(`User ${i}`);
        await site.grant(u, door);
        await assign(site, u);
        users.push(u);
      }
      // Out of scope: a permission only at a door the bridge does not serve.
      const outside = await site.user('Outside');
      await site.grant(outside, other);
      await assign(site, outside);

      const p1 = await site.replica(bridge, { first: 2 });
      expect(p1.entries).toHaveLength(2);
      expect(p1.nextUserId).toBe(p1.entries[1].userId);
      expect(p1.locks).toEqual([{ id: door, pinEnabled: true }]);
      expect(p1.policy).toEqual({ timezone: 'Europe/Madrid', offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60, offlineGraceHours: 72 });
      let bridges = (await site.admin(BRIDGES, { id: site.s.siteId })).site.bridges;
      expect(bridges[0]).toMatchObject({ id: bridge.id, lastSyncedAt: null, replicaCursor: null, online: true });
      const p2 = await site.replica(bridge, { upTo: p1.cursor, afterUser: p1.nextUserId, first: 2 });
      const p3 = await site.replica(bridge, { upTo: p1.cursor, afterUser: p2.nextUserId, first: 2 });
      expect([p2.cursor, p3.cursor]).toEqual([p1.cursor, p1.cursor]);
      expect(p3.entries).toHaveLength(1);
      expect(p3.nextUserId).toBeNull();
      const seen = [...p1.entries, ...p2.entries, ...p3.entries].map((e) => e.userId);
      expect(seen).toEqual([...users].sort());
      expect(seen).not.toContain(outside);
      for (const e of [...p1.entries, ...p2.entries, ...p3.entries]) {
        expect(e.permissions).toEqual([{ lockId: door, schedule: null, validFrom: null, validUntil: null }]);
        expect(e.pins[0].verifier).toEqual(expect.any(String));
      }
      bridges = (await site.admin(BRIDGES, { id: site.s.siteId })).site.bridges;
      expect(bridges[0]).toMatchObject({ id: bridge.id, name: 'Front', lockIds: [door], replicaCursor: p1.cursor, replicaSize: 5, online: true });
      expect(bridges[0].lastSyncedAt).not.toBeNull();
      expect(bridges[0].lastSeenAt).not.toBeNull();

      expect(codeOf(await gql(t.url, REPLICA, { first: 0 }, bridge.token))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, REPLICA, { first: 1001 }, bridge.token))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, REPLICA, { after: 'x1' }, bridge.token))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, REPLICA, { afterUser: 'nope' }, bridge.token))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, REPLICA, { after: '0', upTo: '999999' }, bridge.token))).toBe('BAD_USER_INPUT');
    });

    it('moves entries when PINs are blocked or re-assigned, permissions revoked and users deleted', async () => {
      if (!ok) return;
      const site = await newSite('Changes');
      const door = await site.lock();
      const bridge = await site.bridge('Door bridge');
      const key = await site.key(bridge);
      const [blocked, reassigned, revoked, deleted, untouched] = await Promise.all(['Blocked', 'Reassigned', 'Revoked', 'Deleted', 'Untouched'].map((n) => site.user(n)));
      const pins: Record<string, { code: string; pinId: string }> = {};
      const grants: Record<string, string> = {};
      for (const u of [blocked, reassigned, revoked, deleted, untouched]) {
        grants[u] = await site.grant(u, door);
        pins[u] = await assign(site, u);
      }
      const base = await site.sync(bridge);
      expect(base.entries).toHaveLength(5);
      await ageVerifiers(site.s.siteId);

      await site.admin(BLOCK, { pinId: pins[blocked].pinId });
      const fresh = (await site.admin(REASSIGN, { pinId: pins[reassigned].pinId })).reassignPin;
      codes.push(fresh.code);
      await site.admin(REVOKE_ACCESS, { id: grants[revoked] });
      await site.admin(DELETE_USER, { id: deleted });

      const delta = await site.sync(bridge, base.cursor);
      expect(Number(delta.cursor)).toBeGreaterThan(Number(base.cursor));
      expect(delta.removed.sort()).toEqual([revoked, deleted].sort());
      const byUser = Object.fromEntries(delta.entries.map((e) => [e.userId, e]));
      expect(Object.keys(byUser).sort()).toEqual([blocked, reassigned].sort());
      expect(byUser[blocked].pins).toEqual([expect.objectContaining({ id: pins[blocked].pinId, status: 'BLOCKED', verifier: verifierOf(key, site.s.siteId, pins[blocked].code) })]);
      expect(byUser[reassigned].pins).toEqual([{ id: fresh.pin.id, kind: 'AUTO', status: 'ACTIVE', verifier: verifierOf(key, site.s.siteId, fresh.code) }]);
      // The replaced PIN's verifiers went with its digits, and so did the deleted user's.
      const left = (await t.app.core.db.fork().execute(`select pin_id from bridge_verifier where pin_id in (?, ?)`, [pins[reassigned].pinId, pins[deleted].pinId])) as unknown[];
      expect(left).toEqual([]);
      // Nothing changed since: an empty change set.
      await ageVerifiers(site.s.siteId);
      const none = await site.sync(bridge, delta.cursor);
      expect(none).toMatchObject({ cursor: delta.cursor, entries: [], removed: [] });

      // A schedule changed on an existing permission reaches the replica in the next change set.
      await site.admin(UPDATE_PERMISSION, { id: grants[untouched], input: { schedule: { days: ['MON'], start: '22:00', end: '06:00' } } });
      const rescheduled = await site.sync(bridge, none.cursor);
      expect(rescheduled.entries.map((e) => e.userId)).toEqual([untouched]);
      expect(rescheduled.entries[0].permissions).toEqual([expect.objectContaining({ lockId: door, schedule: { days: ['MON'], start: '22:00', end: '06:00' } })]);
    });

    it('answers CURSOR_EXPIRED for a cursor below the event floor', async () => {
      if (!ok) return;
      const site = await newSite('Floor');
      const door = await site.lock();
      const bridge = await site.bridge();
      const user = await site.user();
      await site.grant(user, door);
      await assign(site, user);
      await assign(site, await site.user('Second'));
      await t.app.core.db.fork().execute('insert into event_floor (site_id, floor_seq) values (?, ?)', [site.s.siteId, 2]);
      expect(codeOf(await gql(t.url, REPLICA, { after: '1' }, bridge.token))).toBe('CURSOR_EXPIRED');
      expect((await site.replica(bridge, { after: '2' })).cursor).toEqual(expect.any(String));
    });

    describe('reportOfflineDecisions', () => {
      let site: OfflineSite;
      let door: string;
      let back: string;
      let user: string;
      let pin: { code: string; pinId: string };
      let bridge: { id: string; token: string };

      beforeAll(async () => {
        if (!ok) return;
        site = await newSite('Offline reports');
        door = await site.lock();
        back = await site.lock('Back');
        bridge = await site.bridge('Front', [door]);
        user = await site.user();
        await site.grant(user, door);
        pin = await assign(site, user);
      });

      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      const granted = () => ({ id: randomUUID(), lockId: door, at: ago(3600_000), type: 'ACCESS_GRANTED', reason: 'GRANTED', pinId: pin.pinId, userId: user });
      const offlineCount = async () => Number(((await t.app.core.db.fork().execute('select count(*) as n from pin_event where site_id = ? and offline = ?', [site.s.siteId, true])) as Array<{ n: number | string }>)[0].n);

      it('records each decision once, offline, at its real time, by the bridge, in the gap-free sequence', async () => {
        if (!ok) return;
        const { site: before } = await site.admin(`query($id: ID!) { site(id: $id) { id } }`, { id: site.s.siteId });
        expect(before.id).toBe(site.s.siteId);
        const batch = [
          granted(),
          { id: randomUUID(), lockId: door, at: ago(2 * 3600_000), type: 'ACCESS_DENIED', reason: 'INVALID_PIN' },
          { id: randomUUID(), lockId: door, at: ago(2 * 3600_000 - 1000), type: 'LOCKOUT_STARTED', failedAttempts: 3 },
          { id: randomUUID(), lockId: door, at: ago(1000), type: 'ACCESS_DENIED', reason: 'REPLICA_STALE' },
        ];
        const first = (await gqlOk(t.url, REPORT, { decisions: batch }, bridge.token)).reportOfflineDecisions;
        expect(first).toEqual({ recorded: 4, duplicates: 0 });
        const again = (await gqlOk(t.url, REPORT, { decisions: [...batch, batch[0]] }, bridge.token)).reportOfflineDecisions;
        expect(again).toEqual({ recorded: 0, duplicates: 5 });

        const events = (await site.admin(EVENTS, { siteId: site.s.siteId })).pinEvents as any[];
        const offline = events.filter((e) => e.offline);
        expect(offline.map((e) => [e.type, e.reason])).toEqual([
          ['ACCESS_DENIED', 'INVALID_PIN'],
          ['LOCKOUT_STARTED', null],
          ['ACCESS_GRANTED', 'GRANTED'],
          ['ACCESS_DENIED', 'REPLICA_STALE'],
        ]);
        expect(offline.every((e) => e.actorId === bridge.id && e.lock.id === door)).toBe(true);
        expect(offline[2]).toMatchObject({ user: { id: user }, pin: { id: pin.pinId } });
        expect(new Date(offline[2].at).toISOString()).toBe(batch[0].at);
        expect(events.filter((e) => !e.offline).every((e) => e.offline === false)).toBe(true);
        const seqs = events.map((e) => Number(e.id));
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      });

      it('refuses a bad batch whole: nothing recorded', async () => {
        if (!ok) return;
        const before = await offlineCount();
        const bad: Array<[string, Record<string, unknown>, string]> = [
          ['a bad id', { id: 'nope' }, 'BAD_USER_INPUT'],
          ['a bad lock id', { lockId: '12' }, 'BAD_USER_INPUT'],
          ['a lock outside its scope', { lockId: back }, 'FORBIDDEN'],
          ['an unknown lock', { lockId: randomUUID() }, 'FORBIDDEN'],
          ['a time before the grace window', { at: ago((72 + 25) * 3600_000) }, 'BAD_USER_INPUT'],
          ['a time in the future', { at: new Date(Date.now() + 10 * 60_000).toISOString() }, 'BAD_USER_INPUT'],
          ['a grant without GRANTED', { reason: 'INVALID_PIN' }, 'BAD_USER_INPUT'],
          ['a grant without a PIN', { pinId: null }, 'BAD_USER_INPUT'],
          ['a denial with GRANTED', { type: 'ACCESS_DENIED' }, 'BAD_USER_INPUT'],
          ['a lockout with a reason', { type: 'LOCKOUT_STARTED' }, 'BAD_USER_INPUT'],
          ['failedAttempts on a grant', { failedAttempts: 3 }, 'BAD_USER_INPUT'],
          ['an unknown PIN', { pinId: randomUUID() }, 'NOT_FOUND'],
          ['a PIN of another user', { userId: site.s.adminId }, 'BAD_USER_INPUT'],
          ['an unknown type', { type: 'OPENED' }, 'BAD_USER_INPUT'],
        ];
        for (const [what, change, code] of bad) {
          const res = await gql(t.url, REPORT, { decisions: [granted(), { ...granted(), ...change }] }, bridge.token);
          expect([what, codeOf(res)]).toEqual([what, code]);
        }
        const tooMany = Array.from({ length: 501 }, granted);
        expect(codeOf(await gql(t.url, REPORT, { decisions: tooMany }, bridge.token))).toBe('BAD_USER_INPUT');
        const unscoped = await site.bridge('Everywhere');
        const elsewhere = await newSite('Elsewhere');
        const foreignLock = await elsewhere.lock();
        expect(codeOf(await gql(t.url, REPORT, { decisions: [{ ...granted(), lockId: foreignLock }] }, unscoped.token))).toBe('NOT_FOUND');
        expect(await offlineCount()).toBe(before);
        expect((await gqlOk(t.url, REPORT, { decisions: [] }, bridge.token)).reportOfflineDecisions).toEqual({ recorded: 0, duplicates: 0 });
      });

      it('takes the window from the site policy, and validates the offline policy', async () => {
        if (!ok) return;
        const policy = (await site.admin(POLICY, { siteId: site.s.siteId, input: { offlineGraceHours: 1, offlineMaxFailedAttempts: 5, offlineLockoutSeconds: 30 } })).updatePinPolicy.pinPolicy;
        expect(policy).toEqual({ offlineGraceHours: 1, offlineMaxFailedAttempts: 5, offlineLockoutSeconds: 30 });
        expect(codeOf(await gql(t.url, REPORT, { decisions: [{ ...granted(), at: ago(26 * 3600_000) }] }, bridge.token))).toBe('BAD_USER_INPUT');
        expect((await site.replica(bridge)).policy).toMatchObject({ offlineGraceHours: 1, offlineMaxFailedAttempts: 5, offlineLockoutSeconds: 30 });
        for (const input of [{ offlineGraceHours: 0 }, { offlineGraceHours: 721 }, { offlineMaxFailedAttempts: 11 }, { offlineLockoutSeconds: 9 }, { offlineLockoutSeconds: 3601 }]) {
          expect(codeOf(await gql(t.url, POLICY, { siteId: site.s.siteId, input }, site.s.adminToken))).toBe('BAD_USER_INPUT');
        }
        const risk = (await site.admin(RISK, { id: site.s.siteId })).site.guessingRisk;
        // 5 per lockout, lockouts doubling from 30 s: 12 start within 24 h.
        expect(risk.offlineGuessCeiling).toBe(60);
        expect(risk.failedGuessCeilingPerDay).toBe(100 + 2 * 60);
      });
    });

    describe('exposed PINs of a revoked bridge', () => {
      it('lists them for admins only, and blocks them all at once', async () => {
        if (!ok) return;
        const site = await newSite('Exposed');
        const door = await site.lock();
        const back = await site.lock('Back');
        const stolen = await site.bridge('Stolen', [door]);
        const [inScope, outOfScope] = [await site.user('In'), await site.user('Out')];
        await site.grant(inScope, door);
        await site.grant(outOfScope, back);
        const exposedPin = await assign(site, inScope);
        await assign(site, outOfScope);
        const exposedOf = async () => ((await site.admin(EXPOSED, { id: site.s.siteId })).site.tokens as any[]).find((x) => x.id === stolen.id).exposedPins;
        expect(await exposedOf()).toEqual([{ id: exposedPin.pinId, status: 'ACTIVE' }]);
        const tokens = ((await site.admin(EXPOSED, { id: site.s.siteId })).site.tokens as any[]).filter((x) => x.kind !== 'BRIDGE');
        expect(tokens.every((x) => x.exposedPins === null)).toBe(true);

        expect(codeOf(await gql(t.url, RESOLVE, { tokenId: stolen.id, action: 'BLOCK' }, site.s.adminToken))).toBe('BAD_USER_INPUT');
        const session = await userSession(t.url, site.s.adminToken, inScope);
        expect(codeOf(await gql(t.url, RESOLVE, { tokenId: stolen.id, action: 'BLOCK' }, session.token))).toBe('FORBIDDEN');
        expect(codeOf(await gql(t.url, BRIDGES, { id: site.s.siteId }, session.token))).toBe('FORBIDDEN');
        expect(codeOf(await gql(t.url, BRIDGES, { id: site.s.siteId }, stolen.token))).toBe('FORBIDDEN');
        expect(codeOf(await gql(t.url, RESOLVE, { tokenId: 'x', action: 'BLOCK' }, site.s.adminToken))).toBe('BAD_USER_INPUT');
        const other = await newSite('Other');
        expect(codeOf(await gql(t.url, RESOLVE, { tokenId: stolen.id, action: 'BLOCK' }, other.s.adminToken))).toBe('NOT_FOUND');

        await site.admin(REVOKE_TOKEN, { id: stolen.id });
        expect((await site.admin(BRIDGES, { id: site.s.siteId })).site.bridges).toEqual([]);
        expect(await exposedOf()).toEqual([{ id: exposedPin.pinId, status: 'ACTIVE' }]);
        const resolved = (await site.admin(RESOLVE, { tokenId: stolen.id, action: 'BLOCK' })).resolveExposedPins;
        expect(resolved).toEqual([]);
        expect(await exposedOf()).toEqual([]);
        const events = ((await site.admin(EVENTS, { siteId: site.s.siteId })).pinEvents as any[]).filter((e) => e.type === 'PIN_BLOCKED');
        // As blockPin makes it.
        expect(events).toEqual([expect.objectContaining({ pin: { id: exposedPin.pinId }, user: { id: inScope }, offline: false })]);
        // Blocked for the doors too, on the online path.
        const live = await site.bridge('Replacement');
        expect((await gqlOk(t.url, LOCK_ACCESS, { lockId: door, pin: exposedPin.code }, live.token)).lockAccess.reason).toBe('PIN_BLOCKED');
      });

      it('re-issues them with new digits shown once, whose verifiers the live bridges get', async () => {
        if (!ok) return;
        const site = await newSite('Reissued');
        const door = await site.lock();
        const stolen = await site.bridge('Stolen');
        const live = await site.bridge('Live');
        const users = [await site.user('One'), await site.user('Two')];
        const old: Array<{ code: string; pinId: string }> = [];
        for (const u of users) {
          await site.grant(u, door);
          old.push(await assign(site, u));
        }
        await site.admin(REVOKE_TOKEN, { id: stolen.id });
        const resolved = (await site.admin(RESOLVE, { tokenId: stolen.id, action: 'REISSUE' })).resolveExposedPins as any[];
        codes.push(...resolved.map((r) => r.code));
        expect(resolved).toHaveLength(2);
        expect(resolved.every((r) => r.pin.status === 'ACTIVE' && r.pin.kind === 'AUTO' && /^\d{6,}$/.test(r.code))).toBe(true);
        for (const o of old) expect((await gqlOk(t.url, LOCK_ACCESS, { lockId: door, pin: o.code }, live.token)).lockAccess.reason).toBe('INVALID_PIN');
        for (const r of resolved) expect((await gqlOk(t.url, LOCK_ACCESS, { lockId: door, pin: r.code }, live.token)).lockAccess.granted).toBe(true);
        const key = await site.key(live);
        const entries = (await site.sync(live)).entries;
        const verifiers = entries.flatMap((e: any) => e.pins.map((x: any) => x.verifier)).sort();
        expect(verifiers).toEqual(resolved.map((r) => verifierOf(key, site.s.siteId, r.code)).sort());
        // The revoked bridge got none of the new PINs, so none is exposed again.
        expect(((await site.admin(EXPOSED, { id: site.s.siteId })).site.tokens as any[]).find((x) => x.id === stolen.id).exposedPins).toEqual([]);
        const reassigned = ((await site.admin(EVENTS, { siteId: site.s.siteId })).pinEvents as any[]).filter((e) => e.type === 'PIN_REASSIGNED');
        expect(reassigned.map((e) => e.pin.id).sort()).toEqual(resolved.map((r) => r.pin.id).sort());
      });
    });

    it("makes a custom PIN's verifier in the user's own transaction, and REISSUE blocks it rather than choose its digits", async () => {
      if (!ok) return;
      const site = await newSite('Custom');
      await site.admin(POLICY_CUSTOM, { siteId: site.s.siteId, input: { customPinsEnabled: true } });
      const door = await site.lock();
      const stolen = await site.bridge('Stolen');
      const user = await site.user();
      await site.grant(user, door);
      const auto = await assign(site, user);
      const session = await userSession(t.url, site.s.adminToken, user);
      const custom = '482917';
      codes.push(custom);
      const mine = (await gqlOk(t.url, ASSIGN_CUSTOM, { code: custom }, session.token)).assignPin.pin;
      const key = await site.key(stolen);
      const pins = (await site.sync(stolen)).entries[0].pins;
      expect(pins).toEqual(
        expect.arrayContaining([
          { id: auto.pinId, kind: 'AUTO', status: 'ACTIVE', verifier: verifierOf(key, site.s.siteId, auto.code) },
          { id: mine.id, kind: 'CUSTOM', status: 'ACTIVE', verifier: verifierOf(key, site.s.siteId, custom) },
        ]),
      );
      await site.admin(REVOKE_TOKEN, { id: stolen.id });
      const resolved = (await site.admin(RESOLVE, { tokenId: stolen.id, action: 'REISSUE' })).resolveExposedPins as any[];
      codes.push(...resolved.map((r) => r.code));
      expect(resolved.map((r) => r.pin.kind)).toEqual(['AUTO']);
      const statuses = (await t.app.core.db.fork().execute('select id, status from pin where user_id = ? order by created_at', [user])) as Array<{ id: string; status: string }>;
      expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [auto.pinId]: 'REPLACED', [mine.id]: 'BLOCKED', [resolved[0].pin.id]: 'ACTIVE' });
    });

    it('never writes the digits to the log or the database', async () => {
      if (!ok) return;
      await t.app.core.verifiers.drain();
      expect(codes.length).toBeGreaterThan(10);
      const em = t.app.core.db.fork();
      const tables = ['site', 'app_user', 'door_lock', 'permission', 'pin', 'access_token', 'pin_event', 'bridge_verifier'];
      const dump = (await Promise.all(tables.map(async (table) => JSON.stringify(await em.execute(`select * from ${table}`))))).join('\n');
      const log = t.logLines.join('\n');
      expect(log.length).toBeGreaterThan(0);
      // Nor the verifiers, which are as good as the digits at the bridge that holds the key.
      const verifiers = ((await em.execute('select verifier from bridge_verifier')) as Array<{ verifier: string }>).map((r) => r.verifier);
      expect(verifiers.length).toBeGreaterThan(10);
      for (const v of verifiers) expect(log.includes(v)).toBe(false);
      for (const code of codes) {
        const alone = new RegExp(`(?<![0-9A-Za-z_-])${code}(?![0-9A-Za-z_-])`);
        expect([code, alone.test(dump), alone.test(log)]).toEqual([code, false, false]);
      }
    });
  });
}
