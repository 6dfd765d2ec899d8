import { ApiClient } from '../../bots/bridge/api.client';
import { verifierOf } from '../../bots/bridge/data.crypto';
import { attemptOffline, decideOffline } from '../../bots/bridge/offline.decision';
import { openDoor, type DoorLockout } from '../../bots/bridge/offline.lockout';
import type { Replica } from '../../bots/bridge/replica.model';
import { ReplicaSync } from '../../bots/bridge/replica.sync';
import { access, wrongPin } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';

type Day = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

/** One door decision, set up through the API, then asked of the server online and of the bridge's engine offline. */
interface RuleCase {
  name: string;
  /** The site's IANA timezone. */
  timezone: string;
  /** When the PIN is typed (and everything set up), UTC. */
  now: string;
  pinEnabled?: boolean;
  blocked?: boolean;
  /** Failures at the door just before (as many as each side's policy locks out at). */
  lockedOut?: boolean;
  /** null: a permission at another lock only. */
  permission: null | { days?: Day[]; start?: string; end?: string; validFrom?: string; validUntil?: string };
  /** The user's own PIN, or digits no PIN has. */
  typed: 'own' | 'unknown';
  expected: string;
}

const ALL: Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const WEEK: Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];
const MON_11_MADRID = '2026-11-30T10:00:00.000Z';

const CASES: RuleCase[] = [
  { name: 'an ACTIVE PIN with a permission', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: {}, typed: 'own', expected: 'GRANTED' },
  { name: 'a lock without a keypad', timezone: 'Europe/Madrid', now: MON_11_MADRID, pinEnabled: false, permission: {}, typed: 'own', expected: 'PIN_NOT_SUPPORTED' },
  { name: 'a lock without a keypad, unknown digits', timezone: 'Europe/Madrid', now: MON_11_MADRID, pinEnabled: false, permission: {}, typed: 'unknown', expected: 'PIN_NOT_SUPPORTED' },
  { name: 'a locked-out door, the right PIN', timezone: 'Europe/Madrid', now: MON_11_MADRID, lockedOut: true, permission: {}, typed: 'own', expected: 'LOCKED_OUT' },
  { name: 'a locked-out door, a blocked PIN', timezone: 'Europe/Madrid', now: MON_11_MADRID, lockedOut: true, blocked: true, permission: {}, typed: 'own', expected: 'LOCKED_OUT' },
  { name: 'digits no PIN has', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: {}, typed: 'unknown', expected: 'INVALID_PIN' },
  { name: 'a blocked PIN', timezone: 'Europe/Madrid', now: MON_11_MADRID, blocked: true, permission: {}, typed: 'own', expected: 'PIN_BLOCKED' },
  { name: 'a blocked PIN without permission here', timezone: 'Europe/Madrid', now: MON_11_MADRID, blocked: true, permission: null, typed: 'own', expected: 'PIN_BLOCKED' },
  { name: 'a permission at another lock only', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: null, typed: 'own', expected: 'NO_PERMISSION' },
  { name: 'validFrom in an hour', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: { validFrom: '2026-11-30T11:00:00.000Z' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'validFrom now (inclusive)', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: { validFrom: MON_11_MADRID }, typed: 'own', expected: 'GRANTED' },
  { name: 'validUntil now (exclusive)', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: { validUntil: MON_11_MADRID }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'validUntil in a minute', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: { validUntil: '2026-11-30T10:01:00.000Z' }, typed: 'own', expected: 'GRANTED' },
  { name: 'weekdays 09-17, Saturday 11:00', timezone: 'Europe/Madrid', now: '2026-11-28T10:00:00.000Z', permission: { days: WEEK, start: '09:00', end: '17:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'weekdays 09-17, Monday 09:00 (start inclusive)', timezone: 'Europe/Madrid', now: '2026-11-30T08:00:00.000Z', permission: { days: WEEK, start: '09:00', end: '17:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'weekdays 09-17, Monday 16:59', timezone: 'Europe/Madrid', now: '2026-11-30T15:59:00.000Z', permission: { days: WEEK, start: '09:00', end: '17:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'weekdays 09-17, Monday 17:00 (end exclusive)', timezone: 'Europe/Madrid', now: '2026-11-30T16:00:00.000Z', permission: { days: WEEK, start: '09:00', end: '17:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Friday nights 22-06, Saturday 05:59 (the night of Friday)', timezone: 'Europe/Madrid', now: '2026-11-28T04:59:00.000Z', permission: { days: ['FRI'], start: '22:00', end: '06:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Friday nights 22-06, Friday 05:59 (the night of Thursday)', timezone: 'Europe/Madrid', now: '2026-11-27T04:59:00.000Z', permission: { days: ['FRI'], start: '22:00', end: '06:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Friday nights 22-06, Friday 22:30', timezone: 'Europe/Madrid', now: '2026-11-27T21:30:00.000Z', permission: { days: ['FRI'], start: '22:00', end: '06:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Friday nights 22-06, Saturday 22:30', timezone: 'Europe/Madrid', now: '2026-11-28T21:30:00.000Z', permission: { days: ['FRI'], start: '22:00', end: '06:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'New York, Monday 09:30 EST', timezone: 'America/New_York', now: '2026-11-30T14:30:00.000Z', permission: { days: ['MON'], start: '09:00', end: '17:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'New York, Monday 08:30 EST', timezone: 'America/New_York', now: '2026-11-30T13:30:00.000Z', permission: { days: ['MON'], start: '09:00', end: '17:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Madrid DST starts: Sunday 03:30 CEST', timezone: 'Europe/Madrid', now: '2026-03-29T01:30:00.000Z', permission: { days: ['SUN'], start: '03:00', end: '04:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Madrid DST starts: Sunday 01:30 CET', timezone: 'Europe/Madrid', now: '2026-03-29T00:30:00.000Z', permission: { days: ['SUN'], start: '03:00', end: '04:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Madrid DST starts: Sunday 04:30 CEST', timezone: 'Europe/Madrid', now: '2026-03-29T02:30:00.000Z', permission: { days: ['SUN'], start: '03:00', end: '04:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Madrid DST ends: the first 02:15 (CEST)', timezone: 'Europe/Madrid', now: '2026-10-25T00:15:00.000Z', permission: { days: ['SUN'], start: '02:00', end: '02:30' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Madrid DST ends: the second 02:15 (CET)', timezone: 'Europe/Madrid', now: '2026-10-25T01:15:00.000Z', permission: { days: ['SUN'], start: '02:00', end: '02:30' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Madrid DST ends: 02:45 CET', timezone: 'Europe/Madrid', now: '2026-10-25T01:45:00.000Z', permission: { days: ['SUN'], start: '02:00', end: '02:30' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Kolkata (+05:30), Wednesday 09:15', timezone: 'Asia/Kolkata', now: '2026-12-02T03:45:00.000Z', permission: { days: ['WED'], start: '09:00', end: '09:30' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Kolkata (+05:30), Wednesday 09:35', timezone: 'Asia/Kolkata', now: '2026-12-02T04:05:00.000Z', permission: { days: ['WED'], start: '09:00', end: '09:30' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'Auckland, Monday nights 23-01, Tuesday 00:30 (UTC still Monday)', timezone: 'Pacific/Auckland', now: '2026-11-30T11:30:00.000Z', permission: { days: ['MON'], start: '23:00', end: '01:00' }, typed: 'own', expected: 'GRANTED' },
  { name: 'Auckland, Monday nights 23-01, Monday 00:30', timezone: 'Pacific/Auckland', now: '2026-11-29T11:30:00.000Z', permission: { days: ['MON'], start: '23:00', end: '01:00' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
  { name: 'every day 00:00-24:00 outside validity', timezone: 'Europe/Madrid', now: MON_11_MADRID, permission: { days: ALL, start: '00:00', end: '24:00', validUntil: '2026-11-01T00:00:00.000Z' }, typed: 'own', expected: 'OUTSIDE_SCHEDULE' },
];

/** Failures at one door that lock it out, for this table on both sides (the server's maxFailedAttempts is set to it). */
const LOCKOUT_AFTER = 3;

describe('the door rules, online (lockAccess) and offline (the bridge engine), one table', () => {
  let db: TestDatabase;
  let t: TestApp;
  let at = Date.parse(MON_11_MADRID);
  const clock = { now: () => new Date(at) };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db, {}, undefined, { clock });
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  /** Sets the case up through the API, at its time; returns the bridge's token, the lock and the digits to type. */
  async function setUp(c: RuleCase): Promise<{ bridgeToken: string; lockId: string; code: string; wrong: string }> {
    at = Date.parse(c.now);
    const url = t.url;
    const s = await seedSite(t, { timezone: c.timezone, name: c.name });
    const admin = s.adminToken;
    const { createLock: lock } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Door', pinEnabled: c.pinEnabled ?? true } }, admin);
    const { createLock: other } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Other door' } }, admin);
    const { createUser: user } = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Door user' } }, admin);
    const p = c.permission;
    const grant = p
      ? {
          lockId: lock.id,
          ...(p.days ? { schedule: { days: p.days, start: p.start, end: p.end } } : {}),
          ...(p.validFrom ? { validFrom: p.validFrom } : {}),
          ...(p.validUntil ? { validUntil: p.validUntil } : {}),
        }
      : { lockId: other.id };
    await gqlOk(url, op.GRANT, { input: { userId: user.id, ...grant } }, admin);
    if (c.lockedOut) await gqlOk(url, op.POLICY, { siteId: s.siteId, input: { maxFailedAttempts: LOCKOUT_AFTER, offlineMaxFailedAttempts: LOCKOUT_AFTER } }, admin);
    const { createBridgeToken: bridge } = await gqlOk(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'bridge' } }, admin);
    const session = await userSession(url, admin, user.id);
    const { assignPin } = await gqlOk(url, op.ASSIGN, { input: {} }, session.token);
    if (c.blocked) await gqlOk(url, op.BLOCK, { id: assignPin.pin.id }, admin);
    return { bridgeToken: bridge.token, lockId: lock.id, code: assignPin.code, wrong: wrongPin(assignPin.code, 7) };
  }

  /** The replica the bridge syncs at the case's time, through its own sync code. */
  async function replicaOf(bridgeToken: string): Promise<Replica> {
    let replica: Replica | null = null;
    await new ReplicaSync({ api: new ApiClient([t.url], bridgeToken), holder: { current: () => replica, save: (r) => void (replica = r) }, now: () => at }).sync();
    return replica!;
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { bridgeToken, lockId, code, wrong } = await setUp(c);
    const typed = c.typed === 'own' ? code : wrong;
    const now = new Date(at);

    const replica = await replicaOf(bridgeToken);
    const verifierFor = (digits: string) => verifierOf(replica.key!.key, replica.key!.siteId, digits);
    let door: DoorLockout = openDoor();
    if (c.lockedOut) for (let i = 0; i < LOCKOUT_AFTER; i++) door = attemptOffline(replica, lockId, verifierFor(wrongPin(code, i)), door, now).door;
    const offline = attemptOffline(replica, lockId, verifierFor(typed), door, now).verdict.reason;

    if (c.lockedOut) for (let i = 0; i < LOCKOUT_AFTER; i++) await access(t.url, bridgeToken, lockId, wrongPin(code, i));
    const online = (await access(t.url, bridgeToken, lockId, typed)).reason;

    expect({ online, offline }).toEqual({ online: c.expected, offline: c.expected });
  });
});

describe('the offline engine where it differs from online by design', () => {
  const siteId = '33333333-3333-4333-8333-333333333333';
  const lockId = '11111111-1111-4111-8111-111111111111';
  const key = Buffer.alloc(32, 3).toString('base64url');
  const now = new Date(MON_11_MADRID);
  const replica = (over: Partial<Replica> = {}, verifier: string | null = verifierOf(key, siteId, '583920')): Replica => ({
    key: { tokenId: '22222222-2222-4222-8222-222222222222', siteId, key, keyVersion: 1, lockIds: [lockId] },
    cursor: '1',
    syncedAt: now.getTime() - 3600_000,
    policy: { timezone: 'Europe/Madrid', offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60, offlineGraceHours: 72 },
    locks: [{ id: lockId, pinEnabled: true }],
    entries: { u: { userId: 'u', pins: [{ id: 'p', kind: 'AUTO', status: 'ACTIVE', verifier }], permissions: [{ lockId, schedule: null, validFrom: null, validUntil: null }] } },
    ...over,
  });
  const decide = (r: Replica | null, digits = '583920') => decideOffline(r, lockId, verifierOf(key, siteId, digits), openDoor(), now).reason;

  it('refuses everyone past offlineGraceHours since the last sync, before any other rule (REPLICA_STALE)', () => {
    expect(decide(replica())).toBe('GRANTED');
    expect(decide(replica({ syncedAt: now.getTime() - 72 * 3600_000 - 1 }))).toBe('REPLICA_STALE');
    expect(decide(replica({ syncedAt: now.getTime() - 72 * 3600_000 - 1, locks: [{ id: lockId, pinEnabled: false }] }))).toBe('REPLICA_STALE');
    expect(decide(null)).toBe('REPLICA_STALE');
    expect(decide(replica({ syncedAt: null }))).toBe('REPLICA_STALE');
  });

  it('cannot recognise a PIN it holds no verifier for yet (INVALID_PIN until its next sync after an online grant)', () => {
    expect(decide(replica({}, null))).toBe('INVALID_PIN');
  });

  it('knows only the users in its scope: a PIN of a user without permission at its locks is INVALID_PIN offline', () => {
    expect(decide(replica({ entries: {} }))).toBe('INVALID_PIN');
  });

  it('treats a lock outside its replica as one without a keypad', () => {
    expect(decideOffline(replica(), '99999999-9999-4999-8999-999999999999', verifierOf(key, siteId, '583920'), openDoor(), now).reason).toBe('PIN_NOT_SUPPORTED');
  });
});
