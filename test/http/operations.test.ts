import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gql } from '../support/graphql.client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('operations endpoints (embedded SQLite)', () => {
  let db: TestDatabase;
  let t: TestApp;
  const api = (path: string) => t.url.replace('/graphql', path);

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  it('does not serve /metrics on the API port: a JSON 404', async () => {
    const res = await fetch(api('/metrics'));
    expect([res.status, await res.json()]).toEqual([404, { errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] }]);
  });

  it('serves Prometheus metrics on a listener of its own, on loopback', async () => {
    const metrics = new URL(t.app.metricsUrl);
    expect([metrics.hostname, metrics.pathname]).toEqual(['127.0.0.1', '/metrics']);
    expect(Number(metrics.port)).not.toBe(Number(new URL(t.url).port));
    await gql(t.url, '{ __typename }');
    const res = await fetch(t.app.metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^# HELP pingate_lock_decisions_total /m);
    expect(text).toMatch(/^pingate_process_cpu_seconds_total /m);
  });

  it('answers nothing but /metrics on the metrics listener, and GraphQL not at all', async () => {
    const base = t.app.metricsUrl.replace('/metrics', '');
    for (const path of ['/', '/graphql', '/healthz']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, ((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('says only that the process is up on /healthz', async () => {
    const res = await fetch(api('/healthz'));
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('says only ready on /readyz, with no detail per dependency', async () => {
    const res = await fetch(api('/readyz'));
    expect([res.status, await res.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('says only unavailable on /readyz when the database does not answer', async () => {
    const ping = jest.spyOn(t.app.core.db, 'ping').mockRejectedValue(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
    try {
      const res = await fetch(api('/readyz'));
      expect([res.status, await res.json()]).toEqual([503, { status: 'unavailable' }]);
    } finally {
      ping.mockRestore();
    }
  });

  it('closes the metrics listener when the app stops', async () => {
    const other = await startTestApp(db, {}, t.pepper);
    const url = other.app.metricsUrl;
    expect((await fetch(url)).status).toBe(200);
    await other.stop();
    await expect(fetch(url)).rejects.toThrow();
  });
});
