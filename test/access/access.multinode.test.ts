import { SitePlan } from '../../src/modules/site/site.entity';
import { startTwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';
import { access, door, pinLookups, wrongPin } from './access.support';

describe('lockAccess on two API nodes sharing PostgreSQL and Redis', () => {
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  let ok = false;

  beforeAll(async () => {
    const nodes = await startTwoNodes();
    ok = nodes !== null;
    if (!nodes) return;
    ({ a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a, { plan: SitePlan.PRO });
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  it('denies a blocked or reassigned-away PIN on the other node from the moment the mutation returns (200 iterations)', async () => {
    if (!ok) return;
    // Failures (PIN_BLOCKED, INVALID_PIN) are spread over many locks and the site budget is raised,
    // so that the checks below meet the PIN, not a lockout.
    await a.app.core.db.fork().execute('update site set site_failure_budget = 100000 where id = ?', [s.siteId]);
    await gqlOk(a.url, op.POLICY, { siteId: s.siteId, input: { maxFailedAttempts: 20, dailyFailureBudget: 10_000, siteLockdownBudget: 10_000 } }, s.adminToken);
    const d = await door(a.url, s);
    const locks = [d.lockId];
    for (let i = 0; i < 24; i++) {
      const { createLock } = await gqlOk(a.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: `Door ${i}` } }, s.adminToken);
      await gqlOk(a.url, op.GRANT, { input: { userId: d.userId, lockId: createLock.id } }, s.adminToken);
      locks.push(createLock.id);
    }
    let pinId = d.pinId;
    let code = d.code;
    const stale: string[] = [];
    for (let i = 0; i < 200; i++) {
      const lockId = locks[i % locks.length];
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      expect((await access(reader.url, d.bridgeToken, lockId, code)).reason).toBe('GRANTED');
      if (i % 4 < 2) {
        await gqlOk(writer.url, op.BLOCK, { id: pinId }, s.adminToken);
        const after = await access(reader.url, d.bridgeToken, lockId, code);
        if (after.granted) stale.push(`iteration ${i}: blocked PIN granted`);
        expect(after.reason).toBe('PIN_BLOCKED');
        await gqlOk(writer.url, op.UNBLOCK, { id: pinId }, s.adminToken);
      } else {
        const { reassignPin } = await gqlOk(writer.url, op.REASSIGN, { input: { pinId } }, d.userToken);
        const after = await access(reader.url, d.bridgeToken, lockId, code);
        if (after.granted) stale.push(`iteration ${i}: replaced PIN granted`);
        expect(after.reason).toBe('INVALID_PIN');
        pinId = reassignPin.pin.id;
        code = reassignPin.code;
      }
    }
    expect(stale).toEqual([]);
  }, 180_000);

  it('denies the PIN of a deleted user on the other node at once', async () => {
    if (!ok) return;
    const d = await door(a.url, s);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    await gqlOk(a.url, op.DELETE_USER, { id: d.userId }, s.adminToken);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('INVALID_PIN');
  });

  it('applies a new lockout policy on the other node from the moment updatePinPolicy returns', async () => {
    if (!ok) return;
    const site = await seedSite(a, { name: 'Strict site' });
    const d = await door(a.url, site);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    await gqlOk(a.url, op.POLICY, { siteId: site.siteId, input: { maxFailedAttempts: 2, lockoutSeconds: 30 } }, site.adminToken);
    expect((await access(b.url, d.bridgeToken, d.lockId, wrongPin(d.code, 1))).reason).toBe('INVALID_PIN');
    expect((await access(b.url, d.bridgeToken, d.lockId, wrongPin(d.code, 2))).reason).toBe('INVALID_PIN');
    const locked = await access(b.url, d.bridgeToken, d.lockId, d.code);
    expect(locked.reason).toBe('LOCKED_OUT');
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(30);
  });

  it('never lets a slow cache fill put back the state from before a block', async () => {
    if (!ok) return;
    const d = await door(a.url, s);
    const { reader, db: database, accessCache } = b.app.core;
    // A fresh key space: node B misses and reads the database, and we hold its fill back.
    await database.fork().execute('update cache_epoch set epoch = epoch + 1 where id = 1');
    await Promise.all([a.app.core.accessCache.refresh(), accessCache.refresh()]);
    const realPin = reader.pin.bind(reader);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let read!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    reader.pin = async (...args) => {
      const state = await realPin(...args);
      read();
      await gate;
      return state;
    };
    try {
      const slow = access(b.url, d.bridgeToken, d.lockId, d.code);
      await hasRead;
      await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
      release();
      await slow;
    } finally {
      reader.pin = realPin;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const node of [a, b]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
    const cached = await accessCache.getPin(s.siteId, (await database.fork().execute('select digest from pin where id = ?', [d.pinId]))[0].digest);
    expect(cached?.status).toBe('BLOCKED');
  });

  it('lets 200 concurrent wrong guesses over both nodes look up at most maxFailedAttempts PINs', async () => {
    if (!ok) return;
    const other = await seedSite(a, { name: 'Guessed site' });
    const d = await door(a.url, other);
    const before = (await pinLookups(a.app)) + (await pinLookups(b.app));
    const guesses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => access(i % 2 ? a.url : b.url, d.bridgeToken, d.lockId, wrongPin(d.code, i))),
    );
    const after = (await pinLookups(a.app)) + (await pinLookups(b.app));
    expect(after - before).toBeLessThanOrEqual(5);
    expect(guesses.filter((g) => g.reason === 'INVALID_PIN').length).toBeLessThanOrEqual(5);
    expect(guesses.every((g) => !g.granted)).toBe(true);
    expect(guesses.filter((g) => g.reason === 'LOCKED_OUT').length).toBeGreaterThanOrEqual(195);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
  });
});
