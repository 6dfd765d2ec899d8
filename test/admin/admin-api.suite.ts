import { User } from '../../src/modules/user/user.entity';
import { newId } from '../../src/shared/ids';
import { access, door, type Door } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';

const USERS = `query($id: ID!, $search: String, $first: Int, $after: ID) { site(id: $id) {
  users(search: $search, first: $first, after: $after) { id name email } userCount(search: $search) } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id name email slackUserId role } }`;
const UPDATE_LOCK = `mutation($id: ID!, $input: UpdateLockInput!) { updateLock(id: $id, input: $input) { id name pinEnabled } }`;
const LOCK = `query($id: ID!) { lock(id: $id) { id name pinEnabled } }`;
const LOCK_PERMISSIONS = `query($id: ID!, $first: Int, $after: ID) { lock(id: $id) { id permissions(first: $first, after: $after) {
  id user { id } schedule { days start end } validFrom validUntil } } }`;
const UPDATE_PERMISSION = `mutation($id: ID!, $input: UpdatePermissionInput!) { updatePermission(id: $id, input: $input) {
  id schedule { days start end } validFrom validUntil } }`;
const PINS = `query($id: ID!) { user(id: $id) { pins { id status blockedBy { id name } } } }`;
const BLOCK_PIN = `mutation($pinId: ID!) { blockPin(pinId: $pinId) { id status } }`;
const UNBLOCK_PIN = `mutation($pinId: ID!) { unblockPin(pinId: $pinId) { id status } }`;
const EVENTS = `query($siteId: ID!) { pinEvents(siteId: $siteId, first: 200) { type lock { id } actorId refId } }`;

/** The admin API the console's Users and Locks pages use, on one node. */
export function describeAdminApi(dialect: Dialect, available: () => Promise<boolean>, redisUrl?: string): void {
  describe(`admin API for the console on ${dialect}${redisUrl ? ' and Redis' : ''}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let s: SeededSite;
    let other: SeededSite;
    let ok = false;

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db, redisUrl ? { REDIS_URL: redisUrl } : {});
      s = await seedSite(t);
      other = await seedSite(t, { name: 'Other site' });
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    it('searches users by name or email ignoring case, counts them, and pages through 2,500 by id', async () => {
      if (!ok) return;
      const em = t.app.core.db.fork();
      const rows = Array.from({ length: 2_500 }, (_, i) => ({
        id: newId(),
        site: s.siteId,
        name: i % 100 === 0 ? `Hundred ${i}` : `Person ${i}`,
        email: i % 7 === 0 ? `SEVEN.${i}@Example.com`.toLowerCase() : null,
        createdAt: new Date(),
      }));
      for (let i = 0; i < rows.length; i += 500) await em.insertMany(User, rows.slice(i, i + 500));
      await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: '100%_sure', email: 'pct@example.com' } }, s.adminToken);

      const all = await gqlOk(t.url, USERS, { id: s.siteId }, s.adminToken);
      expect(all.site.userCount).toBe(2_502);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: { site: { users: Array<{ id: string }> } } = await gqlOk(t.url, USERS, { id: s.siteId, first: 1000, after }, s.adminToken);
        const ids: string[] = res.site.users.map((u: { id: string }) => u.id);
        seen.push(...ids);
        if (ids.length < 1000) break;
        after = ids[ids.length - 1];
      }
      expect(seen).toHaveLength(2_502);
      expect(new Set(seen).size).toBe(2_502);
      expect([...seen].sort()).toEqual(seen);

      const hundred = await gqlOk(t.url, USERS, { id: s.siteId, search: 'hUNDRED', first: 10 }, s.adminToken);
      expect(hundred.site.userCount).toBe(25);
      expect(hundred.site.users).toHaveLength(10);
      expect(hundred.site.users.every((u: { name: string }) => u.name.startsWith('Hundred '))).toBe(true);
      const next = await gqlOk(t.url, USERS, { id: s.siteId, search: 'hundred', first: 100, after: hundred.site.users[9].id }, s.adminToken);
      expect(next.site.users).toHaveLength(15);

      const byEmail = await gqlOk(t.url, USERS, { id: s.siteId, search: 'SEVEN.', first: 1000 }, s.adminToken);
      expect(byEmail.site.userCount).toBe(Math.ceil(2_500 / 7));
      // Wildcards are literal: '%' and '_' match only themselves.
      const pct = await gqlOk(t.url, USERS, { id: s.siteId, search: '0%_', first: 1000 }, s.adminToken);
      expect(pct.site.users.map((u: { name: string }) => u.name)).toEqual(['100%_sure']);
      expect((await gqlOk(t.url, USERS, { id: s.siteId, search: '_', first: 1000 }, s.adminToken)).site.userCount).toBe(1);
      expect((await gqlOk(t.url, USERS, { id: s.siteId, search: '  ', first: 5 }, s.adminToken)).site.userCount).toBe(2_502);
    });

    it('refuses a bad search, USER sessions and other sites', async () => {
      if (!ok) return;
      expect(codeOf(await gql(t.url, USERS, { id: s.siteId, search: 'x'.repeat(201) }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, USERS, { id: s.siteId, search: 7 }, s.adminToken))).toBe('BAD_USER_INPUT');
      const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Plain user' } }, s.adminToken);
      const session = await userSession(t.url, s.adminToken, createUser.id);
      expect(codeOf(await gql(t.url, USERS, { id: s.siteId, search: 'a' }, session.token))).toBe('FORBIDDEN');
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(await gql(t.url, USERS, { id: s.siteId }, other.adminToken)));
    });

    it('links, changes and unlinks a user’s Slack ID, refusing a malformed or taken one', async () => {
      if (!ok) return;
      const a = (await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Slack A', slackUserId: 'UAAA111' } }, s.adminToken)).createUser;
      const b = (await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Slack B' } }, s.adminToken)).createUser;
      expect((await gqlOk(t.url, UPDATE_USER, { id: b.id, input: { slackUserId: 'UBBB222' } }, s.adminToken)).updateUser.slackUserId).toBe('UBBB222');
      expect(codeOf(await gql(t.url, UPDATE_USER, { id: b.id, input: { slackUserId: 'UAAA111', name: 'Renamed' } }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, UPDATE_USER, { id: b.id, input: { slackUserId: 'not slack', name: 'Renamed' } }, s.adminToken))).toBe('BAD_USER_INPUT');
      const after = (await gqlOk(t.url, `query($id: ID!) { user(id: $id) { name slackUserId } }`, { id: b.id }, s.adminToken)).user;
      expect(after).toMatchObject({ name: 'Slack B', slackUserId: 'UBBB222' });
      expect((await gqlOk(t.url, UPDATE_USER, { id: b.id, input: { slackUserId: '' } }, s.adminToken)).updateUser.slackUserId).toBeNull();
      expect((await gqlOk(t.url, UPDATE_USER, { id: b.id, input: { slackUserId: 'UAAA222' } }, s.adminToken)).updateUser.slackUserId).toBe('UAAA222');
      expect(a.slackUserId).toBe('UAAA111');
    });

    it('renames a door and turns its PINs off and on, applied to the next decision and recorded', async () => {
      if (!ok) return;
      const d: Door = await door(t.url, s);
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      const off = await gqlOk(t.url, UPDATE_LOCK, { id: d.lockId, input: { pinEnabled: false } }, s.adminToken);
      expect(off.updateLock).toEqual({ id: d.lockId, name: 'Door', pinEnabled: false });
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).granted).toBe(false);
      const renamed = await gqlOk(t.url, UPDATE_LOCK, { id: d.lockId, input: { name: ' Back door ', pinEnabled: true } }, s.adminToken);
      expect(renamed.updateLock).toEqual({ id: d.lockId, name: 'Back door', pinEnabled: true });
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      const { pinEvents } = await gqlOk(t.url, EVENTS, { siteId: s.siteId }, s.adminToken);
      expect(pinEvents.filter((e: { type: string; lock: { id: string } | null }) => e.type === 'LOCK_UPDATED' && e.lock?.id === d.lockId)).toHaveLength(2);
    });

    it('refuses a bad lock update, changing nothing, and USER sessions and other sites', async () => {
      if (!ok) return;
      const d: Door = await door(t.url, s);
      const before = (await gqlOk(t.url, LOCK, { id: d.lockId }, s.adminToken)).lock;
      expect(codeOf(await gql(t.url, UPDATE_LOCK, { id: d.lockId, input: { name: '', pinEnabled: false } }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, UPDATE_LOCK, { id: d.lockId, input: { name: 'x'.repeat(201) } }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, UPDATE_LOCK, { id: d.lockId, input: { pinEnabled: 'no' } }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, UPDATE_LOCK, { id: d.lockId, input: { name: 'Mine' } }, d.userToken))).toBe('FORBIDDEN');
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(await gql(t.url, UPDATE_LOCK, { id: d.lockId, input: { name: 'Theirs' } }, other.adminToken)));
      const after = (await gqlOk(t.url, LOCK, { id: d.lockId }, s.adminToken)).lock;
      expect(after).toEqual(before);
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    });

    it('lists who may open a door and replaces a permission’s schedule (overnight allowed) and validity', async () => {
      if (!ok) return;
      const d: Door = await door(t.url, s);
      const perms = (await gqlOk(t.url, LOCK_PERMISSIONS, { id: d.lockId }, s.adminToken)).lock.permissions;
      expect(perms).toHaveLength(1);
      expect(perms[0]).toMatchObject({ user: { id: d.userId }, schedule: null, validFrom: null, validUntil: null });
      const input = { schedule: { days: ['MON', 'FRI'], start: '22:00', end: '06:00' }, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z' };
      const { updatePermission } = await gqlOk(t.url, UPDATE_PERMISSION, { id: perms[0].id, input }, s.adminToken);
      expect(updatePermission).toEqual({ id: perms[0].id, ...input });
      const { pinEvents } = await gqlOk(t.url, EVENTS, { siteId: s.siteId }, s.adminToken);
      expect(pinEvents.filter((e: { type: string; refId: string }) => e.type === 'PERMISSION_UPDATED' && e.refId === perms[0].id)).toHaveLength(1);
      // Outside the new window (or not): the decision follows the new schedule, not the old "any time".
      const cleared = await gqlOk(t.url, UPDATE_PERMISSION, { id: perms[0].id, input: {} }, s.adminToken);
      expect(cleared.updatePermission).toEqual({ id: perms[0].id, schedule: null, validFrom: null, validUntil: null });
      await gqlOk(t.url, UPDATE_PERMISSION, { id: perms[0].id, input: { validUntil: '2020-01-01T00:00:00.000Z' } }, s.adminToken);
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).granted).toBe(false);
      await gqlOk(t.url, UPDATE_PERMISSION, { id: perms[0].id, input: {} }, s.adminToken);
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    });

    it('refuses a bad permission update, changing nothing, and USER sessions and other sites', async () => {
      if (!ok) return;
      const d: Door = await door(t.url, s);
      const read = async () => (await gqlOk(t.url, LOCK_PERMISSIONS, { id: d.lockId }, s.adminToken)).lock.permissions;
      const [perm] = await read();
      const bad = [
        { schedule: { days: [], start: '08:00', end: '18:00' } },
        { schedule: { days: ['MON'], start: '8:00', end: '18:00' } },
        { schedule: { days: ['MON'], start: '08:00', end: '24:30' } },
        { schedule: { days: ['MON'], start: '08:00', end: '08:00' } },
        { validFrom: '2027-01-01T00:00:00.000Z', validUntil: '2026-01-01T00:00:00.000Z' },
      ];
      for (const input of bad) expect(codeOf(await gql(t.url, UPDATE_PERMISSION, { id: perm.id, input }, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(t.url, UPDATE_PERMISSION, { id: perm.id, input: {} }, d.userToken))).toBe('FORBIDDEN');
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(await gql(t.url, UPDATE_PERMISSION, { id: perm.id, input: {} }, other.adminToken)));
      expect(codeOf(await gql(t.url, LOCK_PERMISSIONS, { id: d.lockId }, d.userToken))).toBe('FORBIDDEN');
      expect(await read()).toEqual([perm]);
      expect((await access(t.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    });

    it('names the admin who blocked a PIN, and nobody when its user did or it is unblocked', async () => {
      if (!ok) return;
      const d: Door = await door(t.url, s);
      const pinOf = async (token: string) => (await gqlOk(t.url, PINS, { id: d.userId }, token)).user.pins.find((p: { id: string }) => p.id === d.pinId);
      expect((await pinOf(s.adminToken)).blockedBy).toBeNull();
      await gqlOk(t.url, BLOCK_PIN, { pinId: d.pinId }, s.adminToken);
      expect(await pinOf(s.adminToken)).toEqual({ id: d.pinId, status: 'BLOCKED', blockedBy: { id: s.adminId, name: 'Ada Admin' } });
      // The user sees their PIN blocked, not the admin's profile.
      expect((await pinOf(d.userToken)).blockedBy).toBeNull();
      await gqlOk(t.url, UNBLOCK_PIN, { pinId: d.pinId }, s.adminToken);
      expect((await pinOf(s.adminToken)).blockedBy).toBeNull();
      await gqlOk(t.url, BLOCK_PIN, { pinId: d.pinId }, d.userToken);
      expect(await pinOf(s.adminToken)).toEqual({ id: d.pinId, status: 'BLOCKED', blockedBy: null });
    });
  });
}
