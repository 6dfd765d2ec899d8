import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDir } from '../../bots/bridge/data.dir';
import { door, wrongPin, type Door } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import { BridgeProcess } from '../support/bridge.process';
import { eventually } from '../support/clock.support';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import { TcpProxy } from '../support/tcp.proxy';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';

const EVENTS = `query($siteId: ID!, $after: ID) { pinEvents(siteId: $siteId, after: $after, first: 100) { id type reason offline lock { id } pin { id } user { id } } }`;

interface LoggedEvent {
  id: string;
  type: string;
  reason: string | null;
  offline: boolean;
  lock: { id: string } | null;
  pin: { id: string } | null;
  user: { id: string } | null;
}

/**
 * The bridge process against a real API through a proxy the test cuts: offline answers from its
 * sealed replica, each reported once when the API is back (also after a crash before the
 * acknowledgement), and no digits in its data dir.
 */
describe('the reference bridge offline (a bridge process, the API behind a cut proxy)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let proxy: TcpProxy;
  let s: SeededSite;
  let d: Door;
  let root: string;
  const bridges: BridgeProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
    proxy = await TcpProxy.start(Number(new URL(t.url).port));
    s = await seedSite(t);
    d = await door(t.url, s); // the PIN is older than the bridge token: no verifier until an online grant
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-e2e-'));
  });

  afterAll(async () => {
    for (const b of bridges) await b.stop();
    await proxy.close();
    await t.stop();
    await db.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const start = (): BridgeProcess => {
    const b = BridgeProcess.start({
      urls: [`http://127.0.0.1:${proxy.port}/graphql`],
      lockId: d.lockId,
      token: d.bridgeToken,
      dataDir: path.join(root, 'data'),
      cursorFile: path.join(root, 'data', 'events.cursor.json'),
      args: ['--sync-interval-ms', '300', '--online-timeout-ms', '800'],
    });
    bridges.push(b);
    return b;
  };

  const offlineEvents = async (): Promise<LoggedEvent[]> => ((await gqlOk(t.url, EVENTS, { siteId: s.siteId }, s.adminToken)).pinEvents as LoggedEvent[]).filter((e) => e.offline);

  const verifierSynced = () => {
    const replica = new DataDir(path.join(root, 'data'), d.bridgeToken).replica.read();
    const pin = Object.values(replica?.entries ?? {}).flatMap((e) => e.pins).find((p) => p.id === d.pinId);
    expect(pin?.verifier).toEqual(expect.any(String));
  };

  it('answers offline while cut off, reports each decision once when back, and keeps no digits on disk', async () => {
    const bridge = start();
    await bridge.waitForStatus(/replica synced to \d+: 1 users/);
    await bridge.waitForStatus(/connected to/);

    // Online first; the grant makes this bridge's verifier of the PIN, which the next sync brings.
    expect(await bridge.type(d.code)).toBe('OPEN');
    await eventually(verifierSynced, 10_000);
    expect(await bridge.type(wrongPin(d.code))).toBe('DENIED (INVALID_PIN)');

    proxy.cut();
    expect(await bridge.type(d.code)).toBe('OPEN (offline)');
    expect(await bridge.type(wrongPin(d.code, 1))).toBe('DENIED (INVALID_PIN) (offline)');
    // What offline costs: a PIN blocked while the bridge is cut off still opens until it syncs.
    await gqlOk(t.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    expect(await bridge.type(d.code)).toBe('OPEN (offline)');
    expect(await offlineEvents()).toEqual([]);
    const queueFile = path.join(root, 'data', 'decisions.log');
    const queued = fs.readFileSync(queueFile); // a copy, for the crash below
    expect(queued.toString('utf8').split('\n').filter(Boolean)).toHaveLength(3);

    proxy.restore();
    await pollUntil(async () => (await offlineEvents()).length === 3, 15_000);
    const events = await offlineEvents();
    expect(events.map((e) => `${e.type}:${e.reason}`)).toEqual(['ACCESS_GRANTED:GRANTED', 'ACCESS_DENIED:INVALID_PIN', 'ACCESS_GRANTED:GRANTED']);
    for (const e of events) expect(e.lock?.id).toBe(d.lockId);
    expect(events.filter((e) => e.type === 'ACCESS_GRANTED').map((e) => [e.pin?.id, e.user?.id])).toEqual([
      [d.pinId, d.userId],
      [d.pinId, d.userId],
    ]);
    await pollUntil(() => fs.readFileSync(queueFile, 'utf8') === '', 10_000);
    // Back online, and synced: the blocked PIN no longer opens.
    expect(await bridge.type(d.code)).toBe('DENIED (PIN_BLOCKED)');

    // A crash after the server recorded the batch, before the queue dropped it: reported again, recorded once.
    await bridge.kill();
    fs.writeFileSync(queueFile, queued);
    const restarted = start();
    await restarted.waitForStatus(/reported 3 offline decisions \(0 recorded, 3 already known\)/, 15_000);
    expect(await offlineEvents()).toHaveLength(3);
    await restarted.stop();

    // Every file the bridge keeps: no typed digits, no pepper.
    const typed = [d.code, wrongPin(d.code), wrongPin(d.code, 1)];
    for (const f of fs.readdirSync(path.join(root, 'data'))) {
      const text = fs.readFileSync(path.join(root, 'data', f)).toString('latin1');
      for (const secret of [...typed, t.pepper]) expect(text).not.toContain(secret);
    }
    const printed = [...bridge.answers, ...bridge.status, ...bridge.events, ...restarted.status].join('\n');
    for (const code of typed) expect(printed).not.toContain(code);
  });
});

async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
