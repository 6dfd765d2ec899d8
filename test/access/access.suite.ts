import { PinEventType } from '../../src/modules/events/event.entity';
import { SitePlan } from '../../src/modules/site/site.entity';
import { occurrencesOf } from '../support/secrets';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { REDIS_TEST_URL } from '../support/env';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';
import { access, decisions, door, LOCK_ACCESS, pinLookups, wrongPin } from './access.support';

export function describeAccess(backend: { dialect: Dialect; redis: boolean }, available: () => Promise<boolean>): void {
  const name = `${backend.dialect}${backend.redis ? ' + Redis' : ' + in-memory adapters'}`;
  describe(`lockAccess on ${name}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let s: SeededSite;
    let url: string;
    let ok = false;

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(backend.dialect);
      t = await startTestApp(db, backend.redis ? { REDIS_URL: REDIS_TEST_URL } : {});
      url = t.url;
      s = await seedSite(t, { plan: SitePlan.PRO, timezone: 'Europe/Madrid' });
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    it('grants a valid PIN with a permission, and names the user and the lock', async () => {
      if (!ok) return;
      const d = await door(url, s);
      const first = await access(url, d.bridgeToken, d.lockId, d.code);
      expect(first).toMatchObject({ granted: true, reason: 'GRANTED', retryAfterSeconds: null, user: { id: d.userId } });
      const cached = await access(url, d.bridgeToken, d.lockId, d.code);
      expect(cached).toMatchObject({ granted: true, reason: 'GRANTED' });
    });

    it('reaches every AccessReason in the order of the rules', async () => {
      if (!ok) return;
      const d = await door(url, s);
      expect((await access(url, d.bridgeToken, d.lockId, wrongPin(d.code))).reason).toBe('INVALID_PIN');

      const { createLock } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Stairs' } }, s.adminToken);
      expect((await access(url, d.bridgeToken, createLock.id, d.code)).reason).toBe('NO_PERMISSION');

      const { createLock: keyOnly } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Key only', pinEnabled: false } }, s.adminToken);
      expect((await access(url, d.bridgeToken, keyOnly.id, d.code)).reason).toBe('PIN_NOT_SUPPORTED');

      const { createLock: past } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Expired' } }, s.adminToken);
      await gqlOk(url, op.GRANT, { input: { userId: d.userId, lockId: past.id, validUntil: '2020-01-01T00:00:00Z' } }, s.adminToken);
      expect((await access(url, d.bridgeToken, past.id, d.code)).reason).toBe('OUTSIDE_SCHEDULE');

      const { createLock: never } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Never now' } }, s.adminToken);
      const now = new Date();
      const madridHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', hour: '2-digit', hourCycle: 'h23' }).format(now));
      const start = `${String((madridHour + 2) % 24).padStart(2, '0')}:00`;
      const end = `${String((madridHour + 3) % 24).padStart(2, '0')}:00`;
      await gqlOk(url, op.GRANT, { input: { userId: d.userId, lockId: never.id, schedule: { days: ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], start, end } } }, s.adminToken);
      expect((await access(url, d.bridgeToken, never.id, d.code)).reason).toBe('OUTSIDE_SCHEDULE');

      await gqlOk(url, op.BLOCK, { id: d.pinId }, d.userToken);
      expect((await access(url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
      for (let i = 1; i < 5; i++) await access(url, d.bridgeToken, d.lockId, wrongPin(d.code, i));
      const locked = await access(url, d.bridgeToken, d.lockId, d.code);
      expect(locked).toMatchObject({ granted: false, reason: 'LOCKED_OUT' });
      expect(locked.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(locked.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('denies at once after block, reassign and revoke, and opens again after unblock', async () => {
      if (!ok) return;
      const d = await door(url, s);
      expect((await access(url, d.bridgeToken, d.lockId, d.code)).granted).toBe(true);
      await gqlOk(url, op.BLOCK, { id: d.pinId }, s.adminToken);
      expect((await access(url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
      await gqlOk(url, op.UNBLOCK, { id: d.pinId }, s.adminToken);
      expect((await access(url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      const { reassignPin } = await gqlOk(url, op.REASSIGN, { input: { pinId: d.pinId } }, d.userToken);
      expect((await access(url, d.bridgeToken, d.lockId, d.code)).reason).toBe('INVALID_PIN');
      expect((await access(url, d.bridgeToken, d.lockId, reassignPin.code)).reason).toBe('GRANTED');
      const perms = (await gqlOk(url, op.USER, { id: d.userId }, s.adminToken)).user.permissions;
      await gqlOk(url, op.REVOKE, { id: perms[0].id }, s.adminToken);
      expect((await access(url, d.bridgeToken, d.lockId, reassignPin.code)).reason).toBe('NO_PERMISSION');
    });

    it('answers only bridges of the site, and a scoped bridge only for its locks', async () => {
      if (!ok) return;
      const d = await door(url, s);
      const vars = { lockId: d.lockId, pin: d.code };
      expect(codeOf(await gql(url, LOCK_ACCESS, vars))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(url, LOCK_ACCESS, vars, s.adminToken))).toBe('FORBIDDEN');
      expect(codeOf(await gql(url, LOCK_ACCESS, vars, d.userToken))).toBe('FORBIDDEN');
      const { createLock } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Scoped' } }, s.adminToken);
      const { createBridgeToken } = await gqlOk(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'scoped', lockIds: [createLock.id] } }, s.adminToken);
      expect(codeOf(await gql(url, LOCK_ACCESS, vars, createBridgeToken.token))).toBe('FORBIDDEN');
      const other = await seedSite(t, { name: 'Other site' });
      const { createBridgeToken: foreign } = await gqlOk(url, op.BRIDGE_TOKEN, { input: { siteId: other.siteId, name: 'foreign' } }, other.adminToken);
      expect(codeOf(await gql(url, LOCK_ACCESS, vars, foreign.token))).toBe('NOT_FOUND');
      expect(codeOf(await gql(url, LOCK_ACCESS, { lockId: d.lockId, pin: '12ab' }, d.bridgeToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await gql(url, LOCK_ACCESS, { lockId: 'nope', pin: d.code }, d.bridgeToken))).toBe('BAD_USER_INPUT');
    });

    it('refuses two aliased lockAccess fields, also through fragments, and a JSON batch, deciding nothing', async () => {
      if (!ok) return;
      const d = await door(url, s);
      const before = await decisions(t.app);
      const aliased = `query($l: ID!, $a: String!, $b: String!) { a: lockAccess(lockId: $l, pin: $a) { granted } b: lockAccess(lockId: $l, pin: $b) { granted } }`;
      const viaFragment = `query($l: ID!, $a: String!, $b: String!) { a: lockAccess(lockId: $l, pin: $a) { granted } ...F } fragment F on Query { b: lockAccess(lockId: $l, pin: $b) { granted } }`;
      for (const query of [aliased, viaFragment]) {
        const res = await gql(url, query, { l: d.lockId, a: d.code, b: wrongPin(d.code) }, d.bridgeToken);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(res.data ?? null).toBeNull();
      }
      const batch = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${d.bridgeToken}` },
        body: JSON.stringify([1, 2].map((i) => ({ query: LOCK_ACCESS, variables: { lockId: d.lockId, pin: wrongPin(d.code, i) } }))),
      });
      expect(batch.status).toBe(400);
      await t.app.core.recorder.flush();
      expect(await decisions(t.app)).toBe(before);
    });

    it('refuses lockAccess over GET, so a PIN never reaches a URL', async () => {
      if (!ok) return;
      const d = await door(url, s);
      const before = await decisions(t.app);
      const query = encodeURIComponent(`{ lockAccess(lockId: "${d.lockId}", pin: "${d.code}") { granted } }`);
      const res = await fetch(`${url}?query=${query}`, { headers: { authorization: `Bearer ${d.bridgeToken}`, 'apollo-require-preflight': 'true' } });
      expect(res.status).toBe(405);
      expect(occurrencesOf(d.code, await res.text())).toEqual([]);
      expect(await decisions(t.app)).toBe(before);
    });

    it('limits aliases and depth, and hides introspection outside development', async () => {
      if (!ok) return;
      const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
      expect(codeOf(await gql(url, aliases, {}, s.adminToken))).toBe('BAD_USER_INPUT');
      const deep = `{ me { site { users { site { users { site { users { site { users { id } } } } } } } } } }`;
      expect(codeOf(await gql(url, deep, {}, s.adminToken))).toBe('BAD_USER_INPUT');
      // Nested lists paged by variables: graphql-armor's cost limit cannot see their sizes, the answer
      // would be millions of rows. Refused before it runs, a mutation included (nothing is created).
      const fanOut = `query($s: ID!, $n: Int) { site(id: $s) { users(first: $n) { permissions { lock { permissions(first: $n) { user { id } } } } } } }`;
      const refused = await gql(url, fanOut, { s: s.siteId, n: 1000 }, s.adminToken);
      expect(refused.status).toBe(400);
      expect(refused.raw).not.toMatch(/"http"/);
      expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['BAD_USER_INPUT', expect.stringMatching(/^This operation could return about 200,201,001 objects; the most is 250,000\./)],
      ]);
      const name = `Fan-out ${Date.now()}`;
      const creating = `mutation($i: CreateUserInput!, $n: Int) { createUser(input: $i) { site { users(first: $n) { permissions { lock { permissions(first: $n) { id } } } } } } }`;
      expect(codeOf(await gql(url, creating, { i: { siteId: s.siteId, name }, n: 1000 }, s.adminToken))).toBe('BAD_USER_INPUT');
      const { site } = await gqlOk(url, `query($id: ID!, $q: String) { site(id: $id) { userCount(search: $q) } }`, { id: s.siteId, q: name }, s.adminToken);
      expect(site.userCount).toBe(0);
      // The same query with small pages is answered.
      expect((await gqlOk(url, fanOut, { s: s.siteId, n: 10 }, s.adminToken)).site.users).toBeDefined();
      const intro = await gql(url, `{ __schema { types { name } } }`, {}, s.adminToken);
      expect(codeOf(intro)).toBe('BAD_USER_INPUT');
      const typo = await gql(url, `{ mee { id } }`, {}, s.adminToken);
      expect(typo.raw).not.toMatch(/Did you mean/);
    });

    it('keeps the PIN out of every response error, log line and event', async () => {
      if (!ok) return;
      const d = await door(url, s);
      await access(url, d.bridgeToken, d.lockId, d.code);
      const tooLong = `${d.code}${d.code}`.slice(0, 13);
      const bad = await gql(url, LOCK_ACCESS, { lockId: d.lockId, pin: tooLong }, d.bridgeToken);
      expect(occurrencesOf(tooLong, bad.raw)).toEqual([]);
      const typed = await gql(url, `query($l: ID!, $p: Int!) { lockAccess(lockId: $l, pin: $p) { granted } }`, { l: d.lockId, p: Number(d.code) }, d.bridgeToken);
      expect(occurrencesOf(d.code, typed.raw)).toEqual([]);
      const badVar = await gql(url, LOCK_ACCESS, { lockId: d.lockId, pin: { code: d.code } }, d.bridgeToken);
      expect(codeOf(badVar)).toBe('BAD_USER_INPUT');
      expect(occurrencesOf(d.code, badVar.raw)).toEqual([]);
      await t.app.core.recorder.flush();
      const events = await gql(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken);
      expect(events.data?.pinEvents.some((e: any) => e.type === 'ACCESS_GRANTED' && e.lock?.id === d.lockId)).toBe(true);
      expect(occurrencesOf(d.code, events.raw)).toEqual([]);
      expect(occurrencesOf(d.code, t.logLines.join('\n'))).toEqual([]);
    });

    it('records every decision as an event with its reason, lock and user', async () => {
      if (!ok) return;
      const d = await door(url, s);
      await access(url, d.bridgeToken, d.lockId, d.code);
      await access(url, d.bridgeToken, d.lockId, wrongPin(d.code));
      await t.app.core.recorder.flush();
      const events = (await gqlOk(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents.filter((e: any) => e.lock?.id === d.lockId && e.type.startsWith('ACCESS_'));
      expect(events.map((e: any) => [e.type, e.reason, e.user?.id ?? null, e.pin?.id ?? null])).toEqual([
        ['ACCESS_GRANTED', 'GRANTED', d.userId, d.pinId],
        ['ACCESS_DENIED', 'INVALID_PIN', null, null],
      ]);
    });

    it('writes a batch of decision events in one transaction: a batch that fails leaves no trace and no gap', async () => {
      if (!ok) return;
      const d = await door(url, s);
      const { recorder, db: database } = t.app.core;
      const seq = async () => Number(((await database.fork().execute('select event_seq from site where id = ?', [s.siteId])) as Array<{ event_seq: number | string }>)[0].event_seq);
      await recorder.flush();
      const before = await seq();
      recorder.record(s.siteId, { type: PinEventType.ACCESS_GRANTED, reason: 'GRANTED', lockId: d.lockId, userId: d.userId, pinId: d.pinId });
      recorder.record(s.siteId, { type: null as unknown as PinEventType, lockId: d.lockId }); // the table refuses it (NOT NULL)
      await recorder.flush();
      expect(await seq()).toBe(before);
      expect(t.logLines.some((l) => l.includes('decision events not written'))).toBe(true);

      await access(url, d.bridgeToken, d.lockId, d.code);
      await recorder.flush();
      expect(await seq()).toBe(before + 1);
      const events = (await gqlOk(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents.filter((e: any) => e.lock?.id === d.lockId && e.type.startsWith('ACCESS_'));
      expect(events.map((e: any) => [e.id, e.type])).toEqual([[String(before + 1), 'ACCESS_GRANTED']]);
    });

    it('stores decision event fields verbatim, quotes, backslashes, commas and braces included', async () => {
      if (!ok) return;
      // A site of its own: the reason is no AccessReason, so the site's event list could not be read.
      const own = await seedSite(t, { name: 'Verbatim' });
      const d = await door(url, own);
      const reason = 'a"b\\c,{d} NULL';
      t.app.core.recorder.record(own.siteId, { type: PinEventType.ACCESS_DENIED, reason, lockId: d.lockId, userId: null, pinId: null });
      await t.app.core.recorder.flush();
      const rows = (await t.app.core.db.fork().execute('select reason, user_id, pin_id from pin_event where lock_id = ? and type = ?', [d.lockId, 'ACCESS_DENIED'])) as Array<Record<string, unknown>>;
      expect(rows).toEqual([{ reason, user_id: null, pin_id: null }]);
    });

    it('looks a PIN up only after taking a lockout slot: a locked-out keypad never checks the PIN', async () => {
      if (!ok) return;
      const d = await door(url, s);
      for (let i = 0; i < 5; i++) expect((await access(url, d.bridgeToken, d.lockId, wrongPin(d.code, i))).reason).toBe('INVALID_PIN');
      const lookups = await pinLookups(t.app);
      const right = await access(url, d.bridgeToken, d.lockId, d.code);
      expect(right.reason).toBe('LOCKED_OUT');
      expect(await pinLookups(t.app)).toBe(lookups);
      await t.app.core.recorder.flush();
      const events = (await gqlOk(url, op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken)).pinEvents;
      expect(events.filter((e: any) => e.type === 'LOCKOUT_STARTED' && e.lock?.id === d.lockId)).toHaveLength(1);
    });
  });
}
