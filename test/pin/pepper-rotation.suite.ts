import { createHmac, randomBytes } from 'node:crypto';
import { runCli } from '../../src/cli';
import { PinIssuer } from '../../src/modules/pin/pin.issuer';
import { PIN_NOT_ALLOWED_MESSAGE } from '../../src/modules/pin/pin.service';
import { Site, SitePlan } from '../../src/modules/site/site.entity';
import { pepperRing } from '../../src/shared/pin-digest';
import { access, door, type Door } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { REDIS_TEST_URL } from '../support/env';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { occurrencesOf } from '../support/secrets';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';

export interface RotationSetup {
  dialect: Dialect;
  /** Two API nodes on one Redis after the rotation; one node with the in-memory adapters otherwise. */
  redis: boolean;
}

const hmac = (pepperHex: string, siteId: string, digits: string): string =>
  createHmac('sha256', Buffer.from(pepperHex, 'hex')).update(`${siteId}:${digits}`).digest('hex');

/**
 * Pepper rotation (DESIGN.md rule 2) over GraphQL: PINs issued under pepper A (version 1) still open
 * doors once the nodes restart with pepper B as version 2 and A as a previous key, are stored again
 * under B on their first grant, and no digits reach another user under either version.
 */
export function describePepperRotation(setup: RotationSetup, available: () => Promise<boolean>): void {
  describe(`pepper rotation on ${setup.dialect}${setup.redis ? ' with two nodes on Redis' : ''}`, () => {
    const A = randomBytes(32).toString('hex');
    const B = randomBytes(32).toString('hex');
    const redisEnv: Record<string, string> = setup.redis ? { REDIS_URL: REDIS_TEST_URL } : {};
    const rotatedEnv = { ...redisEnv, PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: `1:${A}` };
    let ok = false;
    let db: TestDatabase;
    let s: SeededSite;
    /** Every node ever started, for the log scan. */
    const started: TestApp[] = [];
    /** The nodes after the rotation. */
    let nodes: TestApp[] = [];
    const refusals: string[] = [];
    /** Doors whose PIN was issued under A. */
    let doors: Door[];
    let blockedDoor: Door;
    /** A custom PIN under A, and the digits of a PIN replaced under A (quarantined). */
    let custom: { userId: string; code: string };
    let quarantinedCode: string;
    const codes: string[] = [];
    let fresh: Door;

    const url = (i = 0) => nodes[i % nodes.length].url;
    const em = () => nodes[0].app.core.db.fork();
    const pinRow = async (pinId: string) =>
      ((await em().execute('select digest, key_version, status from pin where id = ?', [pinId])) as Array<{ digest: string; key_version: number | string; status: string }>)[0];
    const rekeyedEvents = async (pinId: string) =>
      Number(((await em().execute(`select count(*) as n from pin_event where type = 'PIN_REKEYED' and pin_id = ?`, [pinId])) as Array<{ n: number | string }>)[0].n);
    const settle = async () => {
      await Promise.all(nodes.map((n) => n.app.core.rekeyer.drain()));
    };
    const status = async () => {
      const out: string[] = [];
      const env = { NODE_ENV: 'test', DATA_DIR: db.dataDir, PIN_PEPPER: B, ...rotatedEnv, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
      expect(await runCli(['pepper-status'], env, (l) => out.push(l), (l) => out.push(l))).toBe(0);
      const parsed = JSON.parse(out[0]) as { current: number; versions: Array<{ version: number; active: number; blocked: number; removable: boolean }> };
      return { current: parsed.current, v: new Map(parsed.versions.map((v) => [v.version, v])) };
    };
    const refused = async (pepper: string, env: Record<string, string>): Promise<string> => {
      const err = await startTestApp(db, env, pepper).then(
        async (t) => {
          await t.stop();
          return null;
        },
        (e: unknown) => e as Error,
      );
      if (!err) throw new Error('the node started');
      refusals.push(err.message);
      return err.message;
    };

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(setup.dialect);
      const first = await startTestApp(db, redisEnv, A);
      started.push(first);
      s = await seedSite(first, { plan: SitePlan.PRO });
      await gqlOk(first.url, op.POLICY, { siteId: s.siteId, input: { customPinsEnabled: true, customPinMinLength: 4 } }, s.adminToken);
      doors = [];
      for (let i = 0; i < 4; i++) doors.push(await door(first.url, s));
      blockedDoor = await door(first.url, s);
      await gqlOk(first.url, op.BLOCK, { id: blockedDoor.pinId }, s.adminToken);
      const { createUser } = await gqlOk(first.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Custom' } }, s.adminToken);
      const session = await userSession(first.url, s.adminToken, createUser.id);
      const { assignPin } = await gqlOk(first.url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '4827' } }, session.token);
      custom = { userId: createUser.id, code: assignPin.code };
      const replaced = await door(first.url, s);
      await gqlOk(first.url, op.REASSIGN, { input: { pinId: replaced.pinId } }, s.adminToken);
      quarantinedCode = replaced.code;
      codes.push(...doors.map((d) => d.code), blockedDoor.code, custom.code, quarantinedCode);
      await first.stop();
    });

    afterAll(async () => {
      if (!ok) return;
      await Promise.all(nodes.map((n) => n.stop()));
      await db.drop();
    });

    it('refuses to start with another secret for key version 1, naming the version and no secret', async () => {
      if (!ok) return;
      const C = randomBytes(32).toString('hex');
      const message = await refused(B, { ...redisEnv, PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: `1:${C}` });
      expect(message).toMatch(/key version 1 is not the one/);
      expect(message).toMatch(/PIN_PEPPERS_PREVIOUS/);
      const wrongCurrent = await refused(C, redisEnv);
      expect(wrongCurrent).toMatch(/key version 1 is not the one.*\(PIN_PEPPER\)/);
    });

    it('refuses to start while live PINs are stored under a version that is not configured', async () => {
      if (!ok) return;
      const message = await refused(B, { ...redisEnv, PIN_PEPPER_VERSION: '2' });
      expect(message).toMatch(/under key version 1, which is not configured \(configured: 2\)/);
    });

    it('starts with B as version 2 and A as previous version 1; pepper-status counts every PIN under version 1', async () => {
      if (!ok) return;
      nodes = [await startTestApp(db, rotatedEnv, B)];
      if (setup.redis) nodes.push(await startTestApp(db, rotatedEnv, B));
      started.push(...nodes);
      const st = await status();
      expect(st.current).toBe(2);
      expect(st.v.get(1)).toMatchObject({ active: 6, blocked: 1, removable: false });
      expect(st.v.get(2)).toMatchObject({ active: 0, blocked: 0, removable: false });
    });

    it('lets an old PIN in on every node and stores it under version 2 on its first grant, once', async () => {
      if (!ok) return;
      const d = doors[0];
      expect(await pinRow(d.pinId)).toMatchObject({ digest: hmac(A, s.siteId, d.code), status: 'ACTIVE' });
      expect(await access(url(0), d.bridgeToken, d.lockId, d.code)).toMatchObject({ granted: true, reason: 'GRANTED' });
      await settle();
      const row = await pinRow(d.pinId);
      expect([row.digest, Number(row.key_version)]).toEqual([hmac(B, s.siteId, d.code), 2]);
      // The old digest's cache entry is a tombstone now: were the new one ever missing, no node could grant from it.
      for (const n of nodes) expect(await n.app.core.accessCache.getPin(s.siteId, hmac(A, s.siteId, d.code))).toMatchObject({ status: 'REPLACED' });
      for (let i = 0; i < nodes.length * 2; i++) expect(await access(url(i), d.bridgeToken, d.lockId, d.code)).toMatchObject({ granted: true });
      await settle();
      expect(await rekeyedEvents(d.pinId)).toBe(1);
      const { pinEvents } = await gqlOk(url(), op.EVENTS, { siteId: s.siteId, first: 1000 }, s.adminToken);
      expect(pinEvents.filter((e: { type: string }) => e.type === 'PIN_REKEYED')).toEqual([expect.objectContaining({ user: { id: d.userId }, pin: { id: d.pinId, status: 'ACTIVE' } })]);
      const st = await status();
      expect([st.v.get(1)?.active, st.v.get(2)?.active]).toEqual([5, 1]);
    });

    it('re-keys once when grants for the same old PIN arrive together', async () => {
      if (!ok) return;
      const d = doors[1];
      // Four, not more: until it is re-keyed an old PIN is read past the cache's one round trip, so each
      // attempt holds one of the lock's 5 lockout slots while it is checked (reserve before verify).
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => access(url(i), d.bridgeToken, d.lockId, d.code)));
      expect(answers.map((a) => a.reason)).toEqual(Array(4).fill('GRANTED'));
      await settle();
      expect(await rekeyedEvents(d.pinId)).toBe(1);
      expect(Number((await pinRow(d.pinId)).key_version)).toBe(2);
    });

    it('denies a re-keyed PIN on every node once it is blocked: the old digest serves no stale grant', async () => {
      if (!ok) return;
      const d = doors[0];
      await gqlOk(url(), op.BLOCK, { id: d.pinId }, s.adminToken);
      for (let i = 0; i < nodes.length; i++) expect(await access(url(i), d.bridgeToken, d.lockId, d.code)).toMatchObject({ granted: false, reason: 'PIN_BLOCKED' });
    });

    it('answers an old PIN that is blocked or was replaced as before, and does not re-key it', async () => {
      if (!ok) return;
      expect(await access(url(), blockedDoor.bridgeToken, blockedDoor.lockId, blockedDoor.code)).toMatchObject({ reason: 'PIN_BLOCKED' });
      expect(await access(url(), blockedDoor.bridgeToken, blockedDoor.lockId, quarantinedCode)).toMatchObject({ reason: 'INVALID_PIN' });
      await settle();
      expect(Number((await pinRow(blockedDoor.pinId)).key_version)).toBe(1);
      expect(await rekeyedEvents(blockedDoor.pinId)).toBe(0);
    });

    it('stores new and re-issued PINs under version 2', async () => {
      if (!ok) return;
      fresh = await door(url(), s);
      codes.push(fresh.code);
      expect(await pinRow(fresh.pinId)).toMatchObject({ digest: hmac(B, s.siteId, fresh.code) });
      expect(Number((await pinRow(fresh.pinId)).key_version)).toBe(2);
      expect(await access(url(), fresh.bridgeToken, fresh.lockId, fresh.code)).toMatchObject({ granted: true });
      const { reassignPin } = await gqlOk(url(), op.REASSIGN, { input: { pinId: doors[2].pinId } }, s.adminToken);
      codes.push(reassignPin.code);
      expect(Number((await pinRow(reassignPin.pin.id)).key_version)).toBe(2);
      expect(await access(url(), doors[2].bridgeToken, doors[2].lockId, doors[2].code)).toMatchObject({ reason: 'INVALID_PIN' });
    });

    it('logs a failed re-key with the PIN id only, leaves the PIN under its old version and still lets it in', async () => {
      if (!ok) return;
      const d = doors[3];
      const fromDigest = hmac(A, s.siteId, d.code);
      // Moving it onto the digest of another live PIN breaks the unique index: a database failure.
      const toDigest = hmac(B, s.siteId, fresh.code);
      const logged = nodes[0].logLines.length;
      nodes[0].app.core.rekeyer.schedule({ siteId: s.siteId, pinId: d.pinId, userId: d.userId, fromVersion: 1, fromDigest, toDigest });
      await settle();
      const lines = nodes[0].logLines.slice(logged).filter((l) => l.includes('not re-keyed'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0])).toMatchObject({ pinId: d.pinId });
      for (const secret of [fromDigest, toDigest, d.code, fresh.code]) expect(lines[0]).not.toContain(secret);
      expect(await pinRow(d.pinId)).toMatchObject({ digest: fromDigest, status: 'ACTIVE' });
      expect(Number((await pinRow(d.pinId)).key_version)).toBe(1);
      expect(await rekeyedEvents(d.pinId)).toBe(0);
      expect(await access(url(), d.bridgeToken, d.lockId, d.code)).toMatchObject({ granted: true });
    });

    it('never hands digits held or quarantined under version 1 to another user, custom or generated', async () => {
      if (!ok) return;
      const { createUser } = await gqlOk(url(), op.CREATE_USER, { input: { siteId: s.siteId, name: 'Newcomer' } }, s.adminToken);
      const session = await userSession(url(), s.adminToken, createUser.id);
      for (const code of [custom.code, quarantinedCode, blockedDoor.code, doors[3].code]) {
        const res = await gql(url(), op.ASSIGN, { input: { kind: 'CUSTOM', code } }, session.token);
        expect([code, codeOf(res), res.errors?.[0]?.message]).toEqual([code, 'PIN_NOT_ALLOWED', PIN_NOT_ALLOWED_MESSAGE]);
      }
      // Generated PINs go through the same check: under a ring of B alone these digits, still stored
      // under A (active, quarantined, blocked), would be free.
      const issuer = new PinIssuer(pepperRing(2, Buffer.from(B, 'hex'), new Map([[1, Buffer.from(A, 'hex')]])));
      const onlyB = new PinIssuer(pepperRing(2, Buffer.from(B, 'hex')));
      const site = await em().findOneOrFail(Site, s.siteId);
      const now = new Date();
      for (const code of [custom.code, quarantinedCode, blockedDoor.code]) {
        expect([code, await issuer.isTaken(em(), site, createUser.id, code, now), await onlyB.isTaken(em(), site, createUser.id, code, now)]).toEqual([code, true, false]);
      }
    });

    it('keeps the peppers and the digits out of every log line and start-up refusal', async () => {
      if (!ok) return;
      await settle();
      const text = [...started.flatMap((t) => t.logLines), ...refusals].join('\n');
      expect(text.length).toBeGreaterThan(0);
      for (const pepper of [A, B]) {
        expect(text).not.toContain(pepper);
        expect(text).not.toContain(Buffer.from(pepper, 'hex').toString('base64'));
      }
      for (const code of codes) expect([code, occurrencesOf(code, text)]).toEqual([code, []]);
    });
  });
}
