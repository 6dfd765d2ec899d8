import { randomUUID } from 'node:crypto';
import { occurrencesOf } from '../support/secrets';
import { Client } from 'pg';
import { isWeakPin } from '../../src/modules/pin/pin.strength';
import { failedGuessCeiling } from '../../src/modules/access/guess-ceiling';
import { PinLengthCounts } from '../../src/modules/pin/pin-length.counts';
import { guessingRisk } from '../../src/modules/risk/guessing-risk';
import { PIN_NOT_ALLOWED_MESSAGE } from '../../src/modules/pin/pin.service';
import { Site, SitePlan } from '../../src/modules/site/site.entity';
import { User } from '../../src/modules/user/user.entity';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import * as op from './domain.operations';
import { userSession } from '../support/user-session.support';

/** Every table row of the database as text, to be scanned for secrets. */
async function dumpDatabase(t: TestApp, db: TestDatabase): Promise<string> {
  if (db.databaseUrl) {
    const client = new Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const tables = await client.query(`select tablename from pg_tables where schemaname = 'public'`);
      const parts: string[] = [];
      for (const { tablename } of tables.rows) parts.push(JSON.stringify((await client.query(`select * from "${tablename}"`)).rows));
      return parts.join('\n');
    } finally {
      await client.end();
    }
  }
  const em = t.app.core.db.fork();
  const tables = (await em.execute(`select name from sqlite_master where type = 'table'`)) as Array<{ name: string }>;
  const parts: string[] = [];
  for (const { name } of tables) parts.push(JSON.stringify(await em.execute(`select * from \`${name}\``)));
  return parts.join('\n');
}

async function countRows(t: TestApp, table: string): Promise<number> {
  const rows = (await t.app.core.db.fork().execute(`select count(*) as n from ${table}`)) as Array<{ n: number | string }>;
  return Number(rows[0].n);
}

export function describeDomain(dialect: Dialect, available: () => Promise<boolean>): void {
  describe(`the PIN domain over GraphQL on ${dialect}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let s: SeededSite;
    let url: string;
    let ok = false;

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db);
      url = t.url;
      s = await seedSite(t, { plan: SitePlan.PRO });
      await gqlOk(url, op.POLICY, { siteId: s.siteId, input: { customPinsEnabled: true, customPinMinLength: 4 } }, s.adminToken);
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    /** A user of the seeded site with a token of its own. */
    async function newUser(name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
      const { createUser } = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name, ...extra } }, s.adminToken);
      const session = await userSession(url, s.adminToken, createUser.id);
      return { id: createUser.id, token: session.token };
    }

    const lockAt = async (name: string) => (await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name } }, s.adminToken)).createLock.id as string;

    it('walks through a first session: user, lock, permission and a PIN shown once', async () => {
      if (!ok) return;
      const user = await newUser('Bea', { email: 'bea@example.com' });
      const lockId = await lockAt('Front door');
      const { grantAccess } = await gqlOk(url, op.GRANT, { input: { userId: user.id, lockId, schedule: { days: ['MON', 'FRI'], start: '22:00', end: '06:00' } } }, s.adminToken);
      expect(grantAccess.schedule).toEqual({ days: ['MON', 'FRI'], start: '22:00', end: '06:00' });
      const { assignPin } = await gqlOk(url, op.ASSIGN, { input: { kind: 'AUTO' } }, user.token);
      expect(assignPin.code).toMatch(/^\d{6}$/);
      expect(isWeakPin(assignPin.code)).toBe(false);
      expect(assignPin.pin).toMatchObject({ kind: 'AUTO', status: 'ACTIVE', length: 6, user: { id: user.id } });
      const seen = await gql(url, op.USER, { id: user.id }, s.adminToken);
      expect(seen.data?.user.pins).toEqual([{ id: assignPin.pin.id, kind: 'AUTO', status: 'ACTIVE', length: 6 }]);
      expect(occurrencesOf(assignPin.code, seen.raw)).toEqual([]);
      const me = await gqlOk(url, op.ME, {}, user.token);
      expect(me.me).toMatchObject({ id: user.id, role: 'USER', site: { id: s.siteId } });
    });

    it('keeps PIN digits out of every table, log line and event', async () => {
      if (!ok) return;
      const user = await newUser('Carl');
      const codes: string[] = [];
      const first = await gqlOk(url, op.ASSIGN, { input: {} }, user.token);
      codes.push(first.assignPin.code);
      const custom = await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '4826' } }, user.token);
      codes.push(custom.assignPin.code);
      const again = await gqlOk(url, op.REASSIGN, { input: { pinId: first.assignPin.pin.id } }, user.token);
      codes.push(again.reassignPin.code);
      await gqlOk(url, op.BLOCK, { id: again.reassignPin.pin.id }, user.token);
      const dump = await dumpDatabase(t, db);
      const events = await gql(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken);
      expect(events.data?.pinEvents.length).toBeGreaterThan(0);
      for (const code of codes) {
        expect(occurrencesOf(code, dump)).toEqual([]);
        expect(occurrencesOf(code, events.raw)).toEqual([]);
        expect(occurrencesOf(code, t.logLines.join('\n'))).toEqual([]);
      }
      expect(events.raw).not.toMatch(/digest/i);
    });

    it('gives exactly one success to two concurrent assignPin calls with the same custom digits', async () => {
      if (!ok) return;
      const [a, b] = await Promise.all([newUser('Dan'), newUser('Eve')]);
      const results = await Promise.all([
        gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '5938' } }, a.token),
        gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '5938' } }, b.token),
      ]);
      const winners = results.filter((r) => r.data?.assignPin);
      expect(winners).toHaveLength(1);
      const loser = results.find((r) => r.errors);
      expect(codeOf(loser!)).toBe('PIN_NOT_ALLOWED');
    });

    it('refuses weak, taken and quarantined custom PINs with the same code and message', async () => {
      if (!ok) return;
      const [holder, leaver, chooser] = await Promise.all([newUser('Fay'), newUser('Gus'), newUser('Hal')]);
      await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '6072' } }, holder.token);
      const old = await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '3849' } }, leaver.token);
      await gqlOk(url, op.REASSIGN, { input: { pinId: old.assignPin.pin.id, code: '3916' } }, leaver.token);
      const weak = await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '1234' } }, chooser.token);
      const taken = await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '6072' } }, chooser.token);
      const quarantined = await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '3849' } }, chooser.token);
      for (const res of [weak, taken, quarantined]) {
        expect(res.errors?.[0]).toEqual({ message: PIN_NOT_ALLOWED_MESSAGE, extensions: { code: 'PIN_NOT_ALLOWED' }, locations: expect.anything(), path: ['assignPin'] });
      }
      expect(weak.errors?.[0]).toEqual(taken.errors?.[0]);
      expect(taken.errors?.[0]).toEqual(quarantined.errors?.[0]);
      const leaverBack = await gql(url, op.REASSIGN, { input: { pinId: (await gqlOk(url, op.ME, {}, leaver.token)).me.pins.find((p: any) => p.status === 'ACTIVE').id, code: '3849' } }, leaver.token);
      expect(leaverBack.data?.reassignPin.code).toBe('3849');
    });

    it('holds digest uniqueness and one active PIN per kind as database constraints, not only checks', async () => {
      if (!ok) return;
      const [a, b] = await Promise.all([newUser('Zed'), newUser('Yan')]);
      const { assignPin } = await gqlOk(url, op.ASSIGN, { input: {} }, a.token);
      const em = t.app.core.db.fork();
      const [row] = (await em.execute('select * from pin where id = ?', [assignPin.pin.id])) as Array<Record<string, unknown>>;
      const insert = (id: string, userId: string, digest: string, status: string, kind = 'AUTO') =>
        t.app.core.db.fork().execute(
          'insert into pin (id, site_id, user_id, kind, status, digest, key_version, length, created_at) values (?, ?, ?, ?, ?, ?, 1, 6, ?)',
          [id, s.siteId, userId, kind, status, digest, new Date()],
        );
      await expect(insert(randomUUID(), b.id, String(row.digest), 'ACTIVE')).rejects.toThrow(/unique/i);
      await expect(insert(randomUUID(), b.id, String(row.digest), 'BLOCKED')).rejects.toThrow(/unique/i);
      await expect(insert(randomUUID(), a.id, 'f'.repeat(64), 'ACTIVE')).rejects.toThrow(/unique/i);
      await expect(insert(randomUUID(), b.id, String(row.digest), 'REPLACED')).resolves.toBeDefined();
    });

    it('deletes a user: hidden, tokens revoked, PINs retired and quarantined from others', async () => {
      if (!ok) return;
      const [leaver, other] = await Promise.all([newUser('Wes', { slackUserId: 'U0LEAVER1' }), newUser('Xia')]);
      await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '5174' } }, leaver.token);
      await gqlOk(url, op.ASSIGN, { input: {} }, leaver.token);
      expect(codeOf(await gql(url, op.DELETE_USER, { id: leaver.id }, other.token))).toBe('FORBIDDEN');
      expect(await gqlOk(url, op.DELETE_USER, { id: leaver.id }, s.adminToken)).toEqual({ deleteUser: true });
      expect(codeOf(await gql(url, op.USER, { id: leaver.id }, s.adminToken))).toBe('NOT_FOUND');
      expect((await gql(url, op.ME, {}, leaver.token)).status).toBe(401);
      expect(codeOf(await gql(url, op.DELETE_USER, { id: leaver.id }, s.adminToken))).toBe('NOT_FOUND');
      expect(codeOf(await gql(url, op.ASSIGN, { input: { userId: leaver.id } }, s.adminToken))).toBe('NOT_FOUND');
      const users = (await gqlOk(url, op.SITE, { id: s.siteId }, s.adminToken)).site.users.map((u: any) => u.id);
      expect(users).not.toContain(leaver.id);
      expect(codeOf(await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '5174' } }, other.token))).toBe('PIN_NOT_ALLOWED');
      const relinked = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Wes again', slackUserId: 'U0LEAVER1' } }, s.adminToken);
      expect(relinked.createUser.slackUserId).toBe('U0LEAVER1');
      const statuses = (await t.app.core.db.fork().execute('select status from pin where user_id = ?', [leaver.id])) as Array<{ status: string }>;
      expect(statuses.map((r) => r.status)).toEqual(['REPLACED', 'REPLACED']);
      const events = (await gqlOk(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents;
      expect(events.filter((e: any) => e.type === 'USER_DELETED')).toHaveLength(1);
      expect(codeOf(await gql(url, op.DELETE_USER, { id: s.adminId }, s.adminToken))).toBe('BAD_USER_INPUT');
    });

    it('answers RATE_LIMITED after five refused custom PINs in an hour, even for a good PIN', async () => {
      if (!ok) return;
      const user = await newUser('Ida');
      for (const code of ['1111', '2222', '1212', '0000', '2580']) {
        expect(codeOf(await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code } }, user.token))).toBe('PIN_NOT_ALLOWED');
      }
      const sixth = await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '7261' } }, user.token);
      expect(codeOf(sixth)).toBe('RATE_LIMITED');
      const auto = await gql(url, op.ASSIGN, { input: { kind: 'AUTO' } }, user.token);
      expect(auto.data?.assignPin.code).toMatch(/^\d{6,}$/);
    });

    it('holds one active AUTO and one active CUSTOM PIN per user, also under concurrency', async () => {
      if (!ok) return;
      const user = await newUser('Jon');
      const both = await Promise.all([gql(url, op.ASSIGN, { input: {} }, user.token), gql(url, op.ASSIGN, { input: {} }, user.token)]);
      expect(both.filter((r) => r.data?.assignPin)).toHaveLength(1);
      expect(codeOf(both.find((r) => r.errors)!)).toBe('PIN_ALREADY_ASSIGNED');
      await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '8163' } }, user.token);
      expect(codeOf(await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '8164' } }, user.token))).toBe('PIN_ALREADY_ASSIGNED');
      const pins = (await gqlOk(url, op.ME, {}, user.token)).me.pins;
      expect(pins.filter((p: any) => p.status === 'ACTIVE').map((p: any) => p.kind).sort()).toEqual(['AUTO', 'CUSTOM']);
    });

    it('replaces a PIN in one step: the old one is REPLACED, the new one ACTIVE with new digits', async () => {
      if (!ok) return;
      const user = await newUser('Kim');
      const first = await gqlOk(url, op.ASSIGN, { input: {} }, user.token);
      const second = await gqlOk(url, op.REASSIGN, { input: { pinId: first.assignPin.pin.id } }, s.adminToken);
      expect(second.reassignPin.code).not.toBe(first.assignPin.code);
      const pins = (await gqlOk(url, op.USER, { id: user.id }, s.adminToken)).user.pins;
      expect(pins.find((p: any) => p.id === first.assignPin.pin.id).status).toBe('REPLACED');
      expect(pins.find((p: any) => p.id === second.reassignPin.pin.id).status).toBe('ACTIVE');
      expect(codeOf(await gql(url, op.REASSIGN, { input: { pinId: first.assignPin.pin.id } }, s.adminToken))).toBe('BAD_USER_INPUT');
    });

    it('lets users block their own PINs, and only admins unblock unless a newer PIN exists', async () => {
      if (!ok) return;
      const user = await newUser('Lea');
      const other = await newUser('Max');
      const { assignPin } = await gqlOk(url, op.ASSIGN, { input: {} }, user.token);
      expect(codeOf(await gql(url, op.BLOCK, { id: assignPin.pin.id }, other.token))).toBe('FORBIDDEN');
      const blocked = await gqlOk(url, op.BLOCK, { id: assignPin.pin.id }, user.token);
      expect(blocked.blockPin.status).toBe('BLOCKED');
      expect(blocked.blockPin.blockedAt).toBeTruthy();
      expect(codeOf(await gql(url, op.UNBLOCK, { id: assignPin.pin.id }, user.token))).toBe('FORBIDDEN');
      const unblocked = await gqlOk(url, op.UNBLOCK, { id: assignPin.pin.id }, s.adminToken);
      expect(unblocked.unblockPin).toMatchObject({ status: 'ACTIVE', blockedAt: null });
      await gqlOk(url, op.BLOCK, { id: assignPin.pin.id }, s.adminToken);
      await gqlOk(url, op.ASSIGN, { input: {} }, user.token);
      expect(codeOf(await gql(url, op.UNBLOCK, { id: assignPin.pin.id }, s.adminToken))).toBe('PIN_ALREADY_ASSIGNED');
    });

    it('limits custom PINs to PRO sites with custom PINs enabled, chosen by their own user', async () => {
      if (!ok) return;
      const user = await newUser('Ned');
      expect(codeOf(await gql(url, op.ASSIGN, { input: { userId: user.id, kind: 'CUSTOM', code: '7302' } }, s.adminToken))).toBe('FORBIDDEN');
      const standard = await seedSite(t, { name: 'Branch', plan: SitePlan.STANDARD });
      expect(codeOf(await gql(url, op.POLICY, { siteId: standard.siteId, input: { customPinsEnabled: true } }, standard.adminToken))).toBe('CUSTOM_PIN_UNAVAILABLE');
      expect(codeOf(await gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '7302' } }, standard.adminToken))).toBe('CUSTOM_PIN_UNAVAILABLE');
    });

    it('keeps every site to itself: another site gets FORBIDDEN or NOT_FOUND', async () => {
      if (!ok) return;
      const mine = await newUser('Oli');
      const pin = (await gqlOk(url, op.ASSIGN, { input: {} }, mine.token)).assignPin.pin.id;
      const lockId = await lockAt('Vault');
      const other = await seedSite(t, { name: 'Elsewhere' });
      const tries = [
        gql(url, op.SITE, { id: s.siteId }, other.adminToken),
        gql(url, op.USER, { id: mine.id }, other.adminToken),
        gql(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Intruder' } }, other.adminToken),
        gql(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Back door' } }, other.adminToken),
        gql(url, op.GRANT, { input: { userId: mine.id, lockId } }, other.adminToken),
        gql(url, op.BLOCK, { id: pin }, other.adminToken),
        gql(url, op.REASSIGN, { input: { pinId: pin } }, other.adminToken),
        gql(url, op.ASSIGN, { input: { userId: mine.id } }, other.adminToken),
        gql(url, op.SIGN_IN_LINK, { id: mine.id }, other.adminToken),
        gql(url, op.EVENTS, { siteId: s.siteId }, other.adminToken),
        gql(url, op.BY_SLACK, { siteId: s.siteId, slack: 'U123' }, other.adminToken),
        gql(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'x' } }, other.adminToken),
      ];
      for (const res of await Promise.all(tries)) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(res));
      const pins = (await gqlOk(url, op.USER, { id: mine.id }, s.adminToken)).user.pins;
      expect(pins).toEqual([expect.objectContaining({ id: pin, status: 'ACTIVE' })]);
    });

    it('tells apart no token (UNAUTHENTICATED), a bad token (401) and a plain user (FORBIDDEN for admin work)', async () => {
      if (!ok) return;
      const user = await newUser('Pam');
      expect(codeOf(await gql(url, op.SITE, { id: s.siteId }))).toBe('UNAUTHENTICATED');
      const bad = await gql(url, op.SITE, { id: s.siteId }, 'pgt_not-a-token');
      expect(bad.status).toBe(401);
      expect(codeOf(bad)).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'x' } }, user.token))).toBe('FORBIDDEN');
      const session = await userSession(url, s.adminToken, user.id);
      expect(await gqlOk(url, op.REVOKE_TOKEN, { id: session.id }, s.adminToken)).toEqual({ revokeToken: true });
      expect((await gql(url, op.ME, {}, session.token)).status).toBe(401);
    });

    it('lets the Slack service manage AUTO PINs of linked users only', async () => {
      if (!ok) return;
      const linked = await newUser('Quin', { slackUserId: 'U0LINKED1' });
      const unlinked = await newUser('Rae');
      const { createServiceToken } = await gqlOk(url, op.SERVICE_TOKEN, { siteId: s.siteId, name: 'slack' }, s.adminToken);
      const svc = createServiceToken.token;
      const found = await gqlOk(url, op.BY_SLACK, { siteId: s.siteId, slack: 'U0LINKED1' }, svc);
      expect(found.userBySlackId).toMatchObject({ id: linked.id, pins: [] });
      expect((await gqlOk(url, op.BY_SLACK, { siteId: s.siteId, slack: 'U0NOBODY1' }, svc)).userBySlackId).toBeNull();
      const issued = await gqlOk(url, op.ASSIGN, { input: { userId: linked.id } }, svc);
      expect(issued.assignPin.code).toMatch(/^\d{6,}$/);
      expect(codeOf(await gql(url, op.ASSIGN, { input: { userId: unlinked.id } }, svc))).toBe('FORBIDDEN');
      expect(codeOf(await gql(url, op.ASSIGN, { input: { userId: linked.id, kind: 'CUSTOM', code: '7302' } }, svc))).toBe('FORBIDDEN');
      expect(codeOf(await gql(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'x' } }, svc))).toBe('FORBIDDEN');
      expect((await gqlOk(url, op.BLOCK, { id: issued.assignPin.pin.id }, svc)).blockPin.status).toBe('BLOCKED');
      expect(codeOf(await gql(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Twin', slackUserId: 'U0LINKED1' } }, s.adminToken))).toBe('BAD_USER_INPUT');
    });

    it('refuses bad input with BAD_USER_INPUT and changes nothing', async () => {
      if (!ok) return;
      const user = await newUser('Sam');
      const lockId = await lockAt('Lab');
      const tables = ['app_user', 'door_lock', 'permission', 'pin', 'pin_event', 'site', 'access_token'];
      const before = await Promise.all(tables.map((tb) => countRows(t, tb)));
      const bad = [
        gql(url, op.USER, { id: 'not-an-id' }, s.adminToken),
        gql(url, op.CREATE_USER, { input: { siteId: s.siteId, name: '   ' } }, s.adminToken),
        gql(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'x', email: 'nope' } }, s.adminToken),
        gql(url, op.CREATE_LOCK, { input: { siteId: 'abc', name: 'Door' } }, s.adminToken),
        gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '12ab' } }, user.token),
        gql(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '123456789' } }, user.token),
        gql(url, op.ASSIGN, { input: { kind: 'AUTO', code: '5831' } }, user.token),
        gql(url, op.GRANT, { input: { userId: user.id, lockId, schedule: { days: ['MON'], start: '25:00', end: '06:00' } } }, s.adminToken),
        gql(url, op.GRANT, { input: { userId: user.id, lockId, schedule: { days: ['MON'], start: '9:00', end: '17:00' } } }, s.adminToken),
        gql(url, op.GRANT, { input: { userId: user.id, lockId, schedule: { days: [], start: '09:00', end: '17:00' } } }, s.adminToken),
        gql(url, op.GRANT, { input: { userId: user.id, lockId, validFrom: '2027-01-02T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' } }, s.adminToken),
        gql(url, op.GRANT, { input: { userId: user.id, lockId, validFrom: 'yesterday' } }, s.adminToken),
        gql(url, op.POLICY, { siteId: s.siteId, input: { autoPinLength: 3 } }, s.adminToken),
        gql(url, op.POLICY, { siteId: s.siteId, input: { lockoutSeconds: 5000 } }, s.adminToken),
        gql(url, op.EVENTS, { siteId: s.siteId, after: 'x' }, s.adminToken),
        gql(url, op.EVENTS, { siteId: s.siteId, first: 0 }, s.adminToken),
        gql(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: '' } }, s.adminToken),
      ];
      const results = await Promise.all(bad);
      results.forEach((res, i) => expect([i, codeOf(res)]).toEqual([i, 'BAD_USER_INPUT']));
      expect(results[4].raw).not.toContain('12ab');
      expect(results[5].raw).not.toContain('123456789');
      const after = await Promise.all(tables.map((tb) => countRows(t, tb)));
      expect(after).toEqual(before);
      const other = await seedSite(t, { name: 'Mars base', timezone: 'Europe/Madrid' });
      await expect(t.app.core.services.sites.createSite(t.app.core.db.fork(), { name: 'Mars', plan: SitePlan.PRO, timezone: 'Mars/Olympus', adminName: 'x' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(other.siteId).toBeTruthy();
    });

    it('accepts an overnight weekly window and a validity period', async () => {
      if (!ok) return;
      const user = await newUser('Tom');
      const lockId = await lockAt('Night door');
      const res = await gqlOk(url, op.GRANT, { input: { userId: user.id, lockId, schedule: { days: ['SUN', 'MON', 'MON'], start: '22:00', end: '06:00' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' } }, s.adminToken);
      expect(res.grantAccess).toMatchObject({ schedule: { days: ['MON', 'SUN'], start: '22:00', end: '06:00' }, validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2027-01-01T00:00:00.000Z', user: { id: user.id }, lock: { id: lockId } });
      expect(await gqlOk(url, op.REVOKE, { id: res.grantAccess.id }, s.adminToken)).toEqual({ revokeAccess: true });
      expect(codeOf(await gql(url, op.REVOKE, { id: res.grantAccess.id }, s.adminToken))).toBe('NOT_FOUND');
    });

    it('logs every PIN change as an event with a gap-free sequence, readable page by page', async () => {
      if (!ok) return;
      const fresh = await seedSite(t, { name: 'Events' });
      const { createUser } = await gqlOk(url, op.CREATE_USER, { input: { siteId: fresh.siteId, name: 'Uma' } }, fresh.adminToken);
      const a = await gqlOk(url, op.ASSIGN, { input: { userId: createUser.id } }, fresh.adminToken);
      const b = await gqlOk(url, op.REASSIGN, { input: { pinId: a.assignPin.pin.id } }, fresh.adminToken);
      await gqlOk(url, op.BLOCK, { id: b.reassignPin.pin.id }, fresh.adminToken);
      await gqlOk(url, op.UNBLOCK, { id: b.reassignPin.pin.id }, fresh.adminToken);
      const page1 = (await gqlOk(url, op.EVENTS, { siteId: fresh.siteId, first: 2 }, fresh.adminToken)).pinEvents;
      const page2 = (await gqlOk(url, op.EVENTS, { siteId: fresh.siteId, first: 10, after: page1[1].id }, fresh.adminToken)).pinEvents;
      const all = [...page1, ...page2];
      expect(all.map((e: any) => e.type)).toEqual(['PIN_ASSIGNED', 'PIN_REASSIGNED', 'PIN_BLOCKED', 'PIN_UNBLOCKED']);
      expect(all.map((e: any) => Number(e.id))).toEqual([1, 2, 3, 4]);
      expect(all[0]).toMatchObject({ site: { id: fresh.siteId }, user: { id: createUser.id }, pin: { id: a.assignPin.pin.id }, lock: null, reason: null });
      const user = await newUser('Vic');
      expect(codeOf(await gql(url, op.EVENTS, { siteId: s.siteId }, user.token))).toBe('FORBIDDEN');
    });

    it('generates unique, never weak PINs for 500 users, as long as the default risk target asks, and keeps the risk under it', async () => {
      if (!ok) return;
      const big = await seedSite(t, { name: 'Campus' });
      const { services, db: database } = t.app.core;
      const em = database.fork();
      const site = await em.findOneOrFail(Site, big.siteId);
      const users = Array.from({ length: 500 }, (_, i) => em.create(User, { site, name: `User ${i}` }));
      await em.flush();
      const ctx = { em: database.fork(), principal: { kind: 'USER' as const, tokenId: 't', siteId: big.siteId, userId: big.adminId, role: 'ADMIN' as const } };
      const codes: string[] = [];
      for (const u of users) {
        ctx.em = database.fork();
        codes.push((await services.pins.assign(ctx, { userId: u.id })).code);
      }
      expect(new Set(codes).size).toBe(500);
      expect(codes.filter(isWeakPin)).toEqual([]);
      // With G = 100, a 101st 6-digit PIN would put P over 1%: the rest take 7 digits.
      expect(codes.slice(0, 100).every((c) => c.length === 6)).toBe(true);
      expect(codes.slice(100).every((c) => c.length === 7)).toBe(true);
      const counts = await PinLengthCounts.read(database.fork(), big.siteId);
      expect(Object.fromEntries(counts)).toEqual({ 6: 100, 7: 400 });
      expect(guessingRisk(failedGuessCeiling(site, 1), counts).perDay).toBeLessThanOrEqual(0.01);
    }, 240_000);
  });
}
