import { Lock } from '../../src/modules/lock/lock.entity';
import { PinLengthCounts } from '../../src/modules/pin/pin-length.counts';
import { Site } from '../../src/modules/site/site.entity';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { User } from '../../src/modules/user/user.entity';
import { newId } from '../../src/shared/ids';
import type { RequestContext } from '../../src/shared/request-context';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { userSession } from '../support/user-session.support';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';

const RISK = `query($id: ID!) { site(id: $id) { pinPolicy { riskTarget } guessingRisk { perDay target failedGuessCeilingPerDay weakestLength pinsByLength { length count } pinsBelowTargetLength hardened lockedOutLocks lockoutExposure siteLockoutExposure } } }`;
const TARGET = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { pinPolicy { riskTarget } } }`;
const POLICY = `mutation($siteId: ID!, $input: PinPolicyInput!) { updatePinPolicy(siteId: $siteId, input: $input) { pinPolicy { customPinMinLength customPinMaxLength riskTarget } } }`;
const ASSIGN_CUSTOM = `mutation($code: String!) { assignPin(input: { kind: CUSTOM, code: $code }) { pin { id length } } }`;
const LOCK = `mutation($input: CreateLockInput!) { createLock(input: $input) { id } }`;

/** ACTIVE PINs of a site per length, counted from the pins themselves. */
export async function recount(t: TestApp, siteId: string): Promise<Record<string, number>> {
  const rows = (await t.app.core.db
    .fork()
    .execute(`select length, count(*) as n from pin where site_id = ? and status = 'ACTIVE' group by length`, [siteId])) as Array<{
    length: number | string;
    n: number | string;
  }>;
  return Object.fromEntries(rows.map((r) => [String(r.length), Number(r.n)]));
}

export async function counters(t: TestApp, siteId: string): Promise<Record<string, number>> {
  return Object.fromEntries([...(await PinLengthCounts.read(t.app.core.db.fork(), siteId))].map(([l, n]) => [String(l), n]));
}

export const adminContext = (t: TestApp, s: SeededSite): RequestContext => ({
  em: t.app.core.db.fork(),
  principal: { kind: 'USER', tokenId: 't', siteId: s.siteId, userId: s.adminId, role: 'ADMIN' },
});

export async function newUsers(t: TestApp, siteId: string, count: number): Promise<User[]> {
  const em = t.app.core.db.fork();
  const site = await em.findOneOrFail(Site, siteId);
  const users = Array.from({ length: count }, (_, i) => em.create(User, { site, name: `User ${i}` }));
  await em.flush();
  return users;
}

/** The ACTIVE-PIN counters per length of DESIGN.md rules 6 and 14, kept by every status change. */
export function describePinLengthCounts(dialect: Dialect, available: () => Promise<boolean>): void {
  describe(`PIN length counters on ${dialect}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let s: SeededSite;
    let ok = false;

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db);
      s = await seedSite(t);
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    it('counts ACTIVE PINs by length right after assign, reassign, block, unblock and user deletion', async () => {
      if (!ok) return;
      const { pins, users } = t.app.core.services;
      const [a, b, c] = await newUsers(t, s.siteId, 3);
      const pa = await pins.assign(adminContext(t, s), { userId: a.id });
      const pb = await pins.assign(adminContext(t, s), { userId: b.id });
      await pins.assign(adminContext(t, s), { userId: c.id });
      expect(await counters(t, s.siteId)).toEqual({ 6: 3 });
      const pa2 = await pins.reassign(adminContext(t, s), pa.pin.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 3 });
      await pins.block(adminContext(t, s), pb.pin.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 2 });
      await pins.block(adminContext(t, s), pb.pin.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 2 });
      // Replacing a blocked PIN adds the new one and takes nothing away.
      await pins.reassign(adminContext(t, s), pb.pin.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 3 });
      await pins.block(adminContext(t, s), pa2.pin.id);
      await pins.unblock(adminContext(t, s), pa2.pin.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 3 });
      await users.delete(adminContext(t, s), c.id);
      expect(await counters(t, s.siteId)).toEqual({ 6: 2 });
      expect(await counters(t, s.siteId)).toEqual(await recount(t, s.siteId));
    });

    it('makes new generated PINs longer when the target tightens, and leaves the existing ones ACTIVE', async () => {
      if (!ok) return;
      const site = await seedSite(t, { name: 'Tight' });
      const [a, b] = await newUsers(t, site.siteId, 2);
      const first = await t.app.core.services.pins.assign(adminContext(t, site), { userId: a.id });
      expect(first.code).toHaveLength(6);
      await t.app.core.db.fork().nativeUpdate(Site, { id: site.siteId }, { riskTarget: 1e-6 });
      const second = await t.app.core.services.pins.assign(adminContext(t, site), { userId: b.id });
      // P <= 1e-6 with G = 100 and 2 PINs needs 2 * 100 / 10^L <= 1e-6: L = 9.
      expect(second.code).toHaveLength(9);
      expect(await counters(t, site.siteId)).toEqual({ 6: 1, 9: 1 });
      expect(await recount(t, site.siteId)).toEqual({ 6: 1, 9: 1 });
    });
  
    it('shows admins P, G and the PINs to re-issue once the target tightens, and no one else', async () => {
      if (!ok) return;
      const site = await seedSite(t, { name: 'Shown' });
      await gqlOk(t.url, LOCK, { input: { siteId: site.siteId, name: 'Front door' } }, site.adminToken);
      const users = await newUsers(t, site.siteId, 3);
      for (const u of users) await t.app.core.services.pins.assign(adminContext(t, site), { userId: u.id });
      const before = (await gqlOk(t.url, RISK, { id: site.siteId }, site.adminToken)).site;
      expect(before.pinPolicy.riskTarget).toBe(0.01);
      expect(before.guessingRisk).toMatchObject({
        target: 0.01,
        failedGuessCeilingPerDay: 100,
        weakestLength: 6,
        pinsByLength: [{ length: 6, count: 3 }],
        pinsBelowTargetLength: 0,
        hardened: false,
        lockedOutLocks: 0,
      });
      expect(before.guessingRisk.perDay).toBeCloseTo(1 - (1 - 3 / 1e6) ** 100, 12);
      expect(before.guessingRisk.lockoutExposure).toBeGreaterThan(0.9);
      // The whole site: shut once the last stage is spent, about the rest of the day.
      expect(before.guessingRisk.siteLockoutExposure).toBeGreaterThan(0.99);
      expect(before.guessingRisk.siteLockoutExposure).toBeLessThanOrEqual(1);

      await gqlOk(t.url, TARGET, { siteId: site.siteId, input: { riskTarget: 1e-6 } }, site.adminToken);
      const after = (await gqlOk(t.url, RISK, { id: site.siteId }, site.adminToken)).site.guessingRisk;
      expect(after).toMatchObject({ target: 1e-6, pinsByLength: [{ length: 6, count: 3 }], pinsBelowTargetLength: 3 });
      expect(after.perDay).toBeGreaterThan(1e-6);

      const user = await userSession(t.url, site.adminToken, users[0].id);
      expect(codeOf(await gql(t.url, RISK, { id: site.siteId }, user.token))).toBe('FORBIDDEN');
    });

    it('makes generated PINs longer on a site whose doors are served by a bridge, and keeps its P at or under riskTarget', async () => {
      if (!ok) return;
      const doors = async (name: string, bridged: boolean) => {
        const site = await seedSite(t, { name });
        const em = t.app.core.db.fork();
        const now = new Date();
        await em.insertMany(
          Lock,
          Array.from({ length: 200 }, (_, i) => ({ id: newId(), site: site.siteId, name: `Door ${i + 1}`, pinEnabled: true, createdAt: now })),
        );
        if (bridged) {
          const row = await em.findOneOrFail(Site, site.siteId);
          await t.app.core.services.tokens.issue(em, { kind: PrincipalKind.BRIDGE, site: row, name: 'every door', createdBy: 'test' });
        }
        const lengths: number[] = [];
        for (const u of await newUsers(t, site.siteId, 4)) lengths.push((await t.app.core.services.pins.assign(adminContext(t, site), { userId: u.id })).code.length);
        const risk = (await gqlOk(t.url, RISK, { id: site.siteId }, site.adminToken)).site.guessingRisk;
        return { lengths, risk };
      };
      const plain = await doors('Online only', false);
      const bridged = await doors('Bridged', true);
      // Online G = 100: 4 PINs of 6 digits give 4e-4. With 200 bridged doors G = 100 + 200 * 33 = 6700:
      // one 6-digit PIN gives 6.7e-3, two would give 1.3e-2 > 0.01, so the next ones take 7 digits.
      expect(plain.lengths).toEqual([6, 6, 6, 6]);
      expect(plain.risk.failedGuessCeilingPerDay).toBe(100);
      expect(bridged.risk.failedGuessCeilingPerDay).toBe(6700);
      expect(bridged.lengths).toEqual([6, 7, 7, 7]);
      expect(bridged.risk.perDay).toBeLessThanOrEqual(bridged.risk.target);
      expect(bridged.risk.perDay).toBeCloseTo(1 - (1 - 1e-6) ** 6700, 12);
      expect(bridged.risk.pinsBelowTargetLength).toBe(1);
    });

    it('refuses a riskTarget outside 1e-6 to 0.1', async () => {
      if (!ok) return;
      for (const riskTarget of [0.2, 1e-7, 0]) {
        expect(codeOf(await gql(t.url, TARGET, { siteId: s.siteId, input: { riskTarget } }, s.adminToken))).toBe('BAD_USER_INPUT');
      }
    });
  
    it('keeps custom PINs to 6 digits at the default target, to 4 at a looser one or when the policy says so', async () => {
      if (!ok) return;
      const site = await seedSite(t, { name: 'Custom' });
      const enabled = (await gqlOk(t.url, POLICY, { siteId: site.siteId, input: { customPinsEnabled: true } }, site.adminToken)).updatePinPolicy;
      expect(enabled.pinPolicy).toEqual({ customPinMinLength: 6, customPinMaxLength: 6, riskTarget: 0.01 });
      const [u] = await newUsers(t, site.siteId, 1);
      const user = await userSession(t.url, site.adminToken, u.id);
      expect(codeOf(await gql(t.url, ASSIGN_CUSTOM, { code: '5174' }, user.token))).toBe('BAD_USER_INPUT');
      const loose = (await gqlOk(t.url, POLICY, { siteId: site.siteId, input: { riskTarget: 0.1 } }, site.adminToken)).updatePinPolicy;
      expect(loose.pinPolicy.customPinMinLength).toBe(4);
      const tight = (await gqlOk(t.url, POLICY, { siteId: site.siteId, input: { riskTarget: 0.001, customPinMinLength: 5 } }, site.adminToken)).updatePinPolicy;
      expect(tight.pinPolicy.customPinMinLength).toBe(5);
      expect(codeOf(await gql(t.url, ASSIGN_CUSTOM, { code: '5174' }, user.token))).toBe('BAD_USER_INPUT');
      expect((await gqlOk(t.url, ASSIGN_CUSTOM, { code: '51749' }, user.token)).assignPin.pin.length).toBe(5);
      expect(codeOf(await gql(t.url, POLICY, { siteId: site.siteId, input: { customPinMinLength: 3 } }, site.adminToken))).toBe('BAD_USER_INPUT');
    });
  });
}
