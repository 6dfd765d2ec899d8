import { PinEventType } from '../../src/modules/events/event.entity';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { codeOf, gql, gqlOk } from '../support/graphql.client';
import { userSession } from '../support/user-session.support';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';

const PAGE = `query Page($siteId: ID!, $after: ID, $first: Int, $before: ID, $last: Int) {
  pinEvents(siteId: $siteId, after: $after, first: $first, before: $before, last: $last) { id type }
}`;

/** Pages of the event log back in time (`last`, `before`): how the console shows the newest events first. */
describe('pinEvents pages back in time', () => {
  let db: TestDatabase;
  let t: TestApp;
  let s: SeededSite;
  let all: number[];

  const ids = async (vars: Record<string, unknown>): Promise<number[]> =>
    (await gqlOk<{ pinEvents: Array<{ id: string }> }>(t.url, PAGE, { siteId: s.siteId, ...vars }, s.adminToken)).pinEvents.map((e) => Number(e.id));

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
    s = await seedSite(t);
    const { db: orm, eventLog } = t.app.core;
    const drafts = Array.from({ length: 25 }, () => ({ type: PinEventType.POLICY_UPDATED }));
    eventLog.committed(await orm.fork().transactional((em) => eventLog.append(em, s.siteId, drafts)));
    all = await ids({ first: 1000 });
    expect(all.length).toBeGreaterThanOrEqual(25);
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  it('gives the newest `last` events, oldest first, then the page before them, down to the start', async () => {
    const newest = await ids({ last: 10 });
    expect(newest).toEqual(all.slice(-10));
    const older = await ids({ last: 10, before: String(newest[0]) });
    expect(older).toEqual(all.slice(-20, -10));
    const pages: number[][] = [older, newest];
    let before = older[0];
    for (;;) {
      const page = await ids({ last: 10, before: String(before) });
      if (page.length === 0) break;
      pages.unshift(page);
      before = page[0];
    }
    expect(pages.flat()).toEqual(all);
  });

  it('keeps a range between `after` and `before`', async () => {
    expect(await ids({ after: String(all[2]), before: String(all[8]), last: 3 })).toEqual(all.slice(5, 8));
    expect(await ids({ after: String(all[2]), before: String(all[5]), last: 100 })).toEqual(all.slice(3, 5));
    expect(await ids({ before: String(all[4]) })).toEqual(all.slice(0, 4));
  });

  it('refuses a malformed `before` and `last` outside 1..1000, and a USER session', async () => {
    for (const vars of [{ before: 'x1' }, { before: '-3' }, { last: 0 }, { last: 1001 }]) {
      const res = await gql(t.url, PAGE, { siteId: s.siteId, ...vars }, s.adminToken);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.data).toBeNull();
    }
    const user = await gqlOk<{ createUser: { id: string } }>(t.url, `mutation($siteId: ID!) { createUser(input: { siteId: $siteId, name: "Uma" }) { id } }`, { siteId: s.siteId }, s.adminToken);
    const { token } = await userSession(t.url, s.adminToken, user.createUser.id);
    expect(codeOf(await gql(t.url, PAGE, { siteId: s.siteId, last: 5 }, token))).toBe('FORBIDDEN');
  });
});
