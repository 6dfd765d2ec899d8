import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type TestApp } from '../support/test-app';
import { BRIDGE_KEY, BRIDGES, OfflineSite } from './offline.support';

describe('Site.bridges: online means seen within 90 seconds', () => {
  let db: TestDatabase;
  let t: TestApp;
  let now = Date.UTC(2026, 11, 3, 9, 0, 0);

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db, {}, undefined, { clock: { now: () => new Date(now) } });
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  it('shows a bridge online after a request, offline 91 s later, and online again once it calls', async () => {
    const site = new OfflineSite(t, await seedSite(t));
    const bridge = await site.bridge('Hall');
    const status = async () => (await site.admin(BRIDGES, { id: site.s.siteId })).site.bridges[0];
    expect(await status()).toMatchObject({ id: bridge.id, name: 'Hall', lastSeenAt: null, online: false, lastSyncedAt: null, replicaSize: null });

    await gqlOk(t.url, BRIDGE_KEY, {}, bridge.token);
    const seenAt = new Date(now).toISOString();
    expect(await status()).toMatchObject({ lastSeenAt: seenAt, online: true });
    now += 90_000;
    expect(await status()).toMatchObject({ lastSeenAt: seenAt, online: true });
    now += 1_000;
    expect(await status()).toMatchObject({ lastSeenAt: seenAt, online: false });
    await gqlOk(t.url, BRIDGE_KEY, {}, bridge.token);
    expect(await status()).toMatchObject({ lastSeenAt: new Date(now).toISOString(), online: true });
  });
});
