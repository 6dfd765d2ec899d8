import { randomUUID } from 'node:crypto';
import { startTwoNodes, type TwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite } from '../support/test-app';
import { LOCK_ACCESS, OfflineSite, REPORT, type Bridge } from './offline.support';

describe('offline decision reports on two nodes sharing PostgreSQL and Redis', () => {
  let two: TwoNodes | null = null;
  let site: OfflineSite;
  let door: string;
  let user: string;
  let pin: { code: string; pinId: string };
  let bridge: Bridge;

  beforeAll(async () => {
    two = await startTwoNodes();
    if (!two) return;
    site = new OfflineSite(two.a, await seedSite(two.a));
    door = await site.lock();
    bridge = await site.bridge('Front', [door]);
    user = await site.user();
    await site.grant(user, door);
    pin = await site.assign(user);
  });

  afterAll(async () => {
    await two?.stop();
  });

  const batch = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const at = new Date(Date.now() - 3600_000 + i * 1000).toISOString();
      return i % 3 === 0
        ? { id: randomUUID(), lockId: door, at, type: 'ACCESS_GRANTED', reason: 'GRANTED', pinId: pin.pinId, userId: user }
        : i % 3 === 1
          ? { id: randomUUID(), lockId: door, at, type: 'ACCESS_DENIED', reason: 'INVALID_PIN' }
          : { id: randomUUID(), lockId: door, at, type: 'LOCKOUT_STARTED', failedAttempts: 3 };
    });

  const rows = async () => {
    const em = two!.a.app.core.db.fork();
    const events = (await em.execute('select seq, offline, offline_id from pin_event where site_id = ? order by seq', [site.s.siteId])) as Array<{ seq: number; offline: boolean; offline_id: string | null }>;
    const head = Number(((await em.execute('select event_seq from site where id = ?', [site.s.siteId])) as Array<{ event_seq: number }>)[0].event_seq);
    return { events, head };
  };

  it('records each decision exactly once when the same batch reaches both nodes at once, with a gap-free sequence', async () => {
    if (!two) return;
    const nodes = [two.a, two.b, two.a, two.b];
    let expected = 0;
    for (let round = 0; round < 3; round++) {
      const decisions = batch(120);
      const answers = await Promise.all(nodes.map((node) => gqlOk(node.url, REPORT, { decisions }, bridge.token)));
      const reports = answers.map((a) => a.reportOfflineDecisions);
      for (const r of reports) expect(r.recorded + r.duplicates).toBe(decisions.length);
      expect(reports.reduce((sum, r) => sum + r.recorded, 0)).toBe(decisions.length);
      expected += decisions.length;
      const { events, head } = await rows();
      const offline = events.filter((e) => e.offline);
      expect(offline).toHaveLength(expected);
      expect(new Set(offline.map((e) => e.offline_id)).size).toBe(expected);
      expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    }
  });

  it('writes a missing verifier once when grants for the PIN reach both nodes at once', async () => {
    if (!two) return;
    const late = await site.bridge('Late');
    const em = two.a.app.core.db.fork();
    const count = async () => ((await em.execute('select token_id from bridge_verifier where pin_id = ? and token_id = ?', [pin.pinId, late.id])) as unknown[]).length;
    expect(await count()).toBe(0);
    const fills = await Promise.all(
      [two.a, two.b, two.a, two.b].map((node) => node.app.core.verifiers.fill({ siteId: site.s.siteId, pinId: pin.pinId, digits: pin.code })),
    );
    expect(fills.every((n) => n === 0 || n === 1)).toBe(true);
    expect(await count()).toBe(1);
    const answers = await Promise.all([two.a, two.b].map((node) => gqlOk(node.url, LOCK_ACCESS, { lockId: door, pin: pin.code }, late.token)));
    expect(answers.map((a) => a.lockAccess.granted)).toEqual([true, true]);
    await Promise.all([two.a.app.core.verifiers.drain(), two.b.app.core.verifiers.drain()]);
    expect(await count()).toBe(1);
    expect([...two.a.logLines, ...two.b.logLines].some((line) => line.includes('bridge verifiers not written'))).toBe(false);
  });

  it('takes a full batch of 500 from a bridge, interleaved with online decisions on the other node', async () => {
    if (!two) return;
    const before = (await rows()).events.filter((e) => e.offline).length;
    const decisions = batch(500);
    const [report] = await Promise.all([
      gqlOk(two.a.url, REPORT, { decisions }, bridge.token),
      ...Array.from({ length: 5 }, () => gqlOk(two!.b.url, LOCK_ACCESS, { lockId: door, pin: pin.code }, bridge.token)),
    ]);
    expect(report.reportOfflineDecisions).toEqual({ recorded: 500, duplicates: 0 });
    await Promise.all([two.a.app.core.recorder.flush(), two.b.app.core.recorder.flush()]);
    const { events, head } = await rows();
    expect(events.filter((e) => e.offline)).toHaveLength(before + 500);
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  });
});
