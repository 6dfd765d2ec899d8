import { createTestDatabase } from '../support/databases';
import { seedSite, startTestApp } from '../support/test-app';
import { openDatabase } from '../../src/infra/orm/orm.factory';
import { access, door, LOCK_ACCESS } from '../access/access.support';

describe('graceful shutdown', () => {
  it('finishes a request in flight, writes pending decision events, then stops taking requests', async () => {
    const db = await createTestDatabase('sqlite');
    const t = await startTestApp(db);
    try {
      const s = await seedSite(t);
      const d = await door(t.url, s);
      await access(t.url, d.bridgeToken, d.lockId, d.code);
      const { reader } = t.app.core;
      const realGrants = reader.grants.bind(reader);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inFlight = new Promise<void>((resolve) => (entered = resolve));
      reader.grants = async (...args) => {
        entered();
        await gate;
        return realGrants(...args);
      };
      await t.app.core.accessCache.putGrants(d.userId, d.lockId, { permissions: [], version: Number.MAX_SAFE_INTEGER, pending: true });
      const slow = fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${d.bridgeToken}` },
        body: JSON.stringify({ query: LOCK_ACCESS, variables: { lockId: d.lockId, pin: d.code } }),
      });
      await inFlight;
      const stopping = t.stop();
      await new Promise((r) => setTimeout(r, 100));
      release();
      const res = await slow;
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.lockAccess.reason).toBe('GRANTED');
      await stopping;
      await expect(fetch(t.url.replace('/graphql', '/healthz'))).rejects.toThrow();

      const reopened = await openDatabase({ databaseUrl: null, sqlitePath: t.app.core.config.sqlitePath });
      try {
        const rows = (await reopened.fork().execute(`select type from pin_event where site_id = ? and lock_id = ? order by seq`, [s.siteId, d.lockId])) as Array<{ type: string }>;
        expect(rows.map((r) => r.type)).toEqual(['PERMISSION_GRANTED', 'ACCESS_GRANTED', 'ACCESS_GRANTED']);
      } finally {
        await reopened.close();
      }
    } finally {
      await t.stop();
      await db.drop();
    }
  });
});
