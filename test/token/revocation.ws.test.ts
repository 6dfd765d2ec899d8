import { startTwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';
import * as op from '../e2e/domain.operations';
import { connected, FAST, PIN_EVENTS, waitFor, type WsProbe } from '../ws/ws.support';
import { UPDATE_USER } from './revocation.support';

describe('sockets of credentials taken away, over graphql-ws on two nodes (PostgreSQL + Redis)', () => {
  let ok = false;
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  const probes: WsProbe[] = [];

  beforeAll(async () => {
    const nodes = await startTwoNodes(FAST);
    ok = nodes !== null;
    if (!nodes) return;
    ({ a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a);
  });

  afterEach(() => {
    for (const p of probes.splice(0)) p.close();
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  const following = async (node: TestApp, token: string): Promise<WsProbe> => {
    const p = await connected(node.url, token);
    probes.push(p);
    p.subscribe('x', PIN_EVENTS, { siteId: s.siteId });
    await waitFor(() => expect(p.pings.some((ping) => ping?.heartbeat?.subscriptions?.x)).toBe(true));
    return p;
  };

  it('closes the sockets of a demoted admin within a second on both nodes, and of a deleted one', async () => {
    if (!ok) return;
    const { createUser } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Demoted admin', role: 'ADMIN' } }, s.adminToken);
    const demoted = await userSession(a.url, s.adminToken, createUser.id);
    const [onA, onB] = await Promise.all([following(a, demoted.token), following(b, demoted.token)]);
    const changedAt = Date.now();
    await gqlOk(a.url, UPDATE_USER, { id: createUser.id, input: { role: 'USER' } }, s.adminToken);
    const [closedA, closedB] = await Promise.all([onA.closed, onB.closed]);
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect([closedA.code, closedB.code]).toEqual([4403, 4403]);

    const { createUser: leaving } = await gqlOk(b.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Leaving admin', role: 'ADMIN' } }, s.adminToken);
    const session = await userSession(b.url, s.adminToken, leaving.id);
    const onA2 = await following(a, session.token);
    await gqlOk(b.url, op.DELETE_USER, { id: leaving.id }, s.adminToken);
    expect((await onA2.closed).code).toBe(4403);
  });

  it('keeps the sockets of admins and bridges whose credentials stay', async () => {
    if (!ok) return;
    const { createUser } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Staying admin', role: 'ADMIN' } }, s.adminToken);
    const staying = await userSession(a.url, s.adminToken, createUser.id);
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'bridge' } }, s.adminToken);
    const sockets = await Promise.all([following(b, staying.token), following(b, createBridgeToken.token), following(b, s.adminToken)]);
    let closed = 0;
    for (const p of sockets) void p.closed.then(() => closed++);
    await gqlOk(a.url, UPDATE_USER, { id: createUser.id, input: { name: 'Renamed admin' } }, s.adminToken);
    const { createUser: other } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Other', role: 'ADMIN' } }, s.adminToken);
    await gqlOk(a.url, UPDATE_USER, { id: other.id, input: { role: 'USER' } }, s.adminToken);
    await new Promise((r) => setTimeout(r, 1200));
    expect(closed).toBe(0);
  });
});
