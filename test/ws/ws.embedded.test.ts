import * as op from '../e2e/domain.operations';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { connected, newPepper, PIN_EVENTS, startNode, waitFor, type WsProbe } from './ws.support';

describe('live events in the embedded default (SQLite, in-process bus, one node)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let s: SeededSite;
  const probes: WsProbe[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startNode(db, {}, newPepper());
    s = await seedSite(t);
  });

  afterAll(async () => {
    for (const p of probes) p.close();
    await t.stop();
    await db.drop();
  });

  it('delivers live events and replays them after a cursor', async () => {
    const live = await connected(t.url, s.adminToken);
    probes.push(live);
    live.subscribe('live', PIN_EVENTS, { siteId: s.siteId });
    await waitFor(() => expect(live.pings.some((p) => p.heartbeat.subscriptions.live)).toBe(true));
    const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Ida' } }, s.adminToken);
    const { assignPin } = await gqlOk(t.url, op.ASSIGN, { input: { userId: createUser.id } }, s.adminToken);
    await gqlOk(t.url, op.BLOCK, { id: assignPin.pin.id }, s.adminToken);
    await waitFor(() => expect(live.subs.get('live')!.next.map((n) => n.data.pinEvents.type)).toEqual(['PIN_ASSIGNED', 'PIN_BLOCKED']));
    const [first, second] = live.ids('live', 'pinEvents');

    const replay = await connected(t.url, s.adminToken);
    probes.push(replay);
    replay.subscribe('replay', PIN_EVENTS, { siteId: s.siteId, after: String(Number(first) - 1) });
    await waitFor(() => expect(replay.ids('replay', 'pinEvents')).toEqual([first, second]));
    expect(replay.subs.get('replay')!.next[1].data.pinEvents.pin).toEqual({ id: assignPin.pin.id, status: 'BLOCKED' });
  });
});
