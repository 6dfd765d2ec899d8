import { startTwoNodes, type TwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite } from '../support/test-app';
import { counters, newUsers, recount } from './pin-length.suite';

const ASSIGN = `mutation($input: AssignPinInput!) { assignPin(input: $input) { code pin { id } } }`;
const BLOCK = `mutation($id: ID!) { blockPin(pinId: $id) { id status } }`;

describe('PIN length counters under concurrency on two nodes sharing PostgreSQL', () => {
  let two: TwoNodes | null = null;
  let s: SeededSite;

  beforeAll(async () => {
    two = await startTwoNodes();
    if (two) s = await seedSite(two.a);
  });

  afterAll(async () => {
    await two?.stop();
  });

  it('equal a recount after 30 parallel assignPin calls and 10 parallel blocks over both nodes', async () => {
    if (!two) return;
    const nodes = [two.a, two.b];
    const users = await newUsers(two.a, s.siteId, 30);
    const assigned = await Promise.all(
      users.map((u, i) => gqlOk(nodes[i % 2].url, ASSIGN, { input: { userId: u.id } }, s.adminToken)),
    );
    expect(new Set(assigned.map((a) => a.assignPin.code)).size).toBe(30);
    expect(await counters(two.a, s.siteId)).toEqual({ 6: 30 });
    await Promise.all(assigned.slice(0, 10).map((a, i) => gqlOk(nodes[i % 2].url, BLOCK, { id: a.assignPin.pin.id }, s.adminToken)));
    expect(await counters(two.a, s.siteId)).toEqual(await recount(two.a, s.siteId));
    expect(await counters(two.a, s.siteId)).toEqual({ 6: 20 });
  });
});
