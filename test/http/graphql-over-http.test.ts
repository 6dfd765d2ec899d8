import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { auditServer, type AuditFail, type AuditResult } from 'graphql-http';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/test-app';

/** A bare Apollo Server 5 on express 5, as its documentation sets it up: the yardstick. */
async function bareApollo(): Promise<{ url: string; stop(): Promise<void> }> {
  const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }' });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      await apollo.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const failedMusts = (results: AuditResult[]) => results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
const shouldWarnings = (results: AuditResult[]) => results.filter((r) => r.status === 'warn' && r.name.startsWith('SHOULD')).map((r) => `${r.id} ${r.name}`);

const post = (url: string, query: string, accept = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });

describe('GraphQL over HTTP (graphql-http audit, embedded SQLite)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let baseline: AuditResult[];
  let development: AuditResult[];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
    const bare = await bareApollo();
    try {
      baseline = await auditServer({ url: bare.url });
    } finally {
      await bare.stop();
    }
    const dev = await startTestApp(db, { NODE_ENV: 'development' }, t.pepper);
    try {
      development = await auditServer({ url: dev.url });
    } finally {
      await dev.stop();
    }
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  it('measures the yardstick: a bare Apollo Server fails no MUST', () => {
    expect(failedMusts(baseline)).toEqual([]);
  });

  it('fails no MUST, and warns of no more SHOULDs than a bare Apollo Server on express 5 (development: introspection on)', () => {
    expect(failedMusts(development)).toEqual([]);
    const mine = shouldWarnings(development);
    expect({ count: mine.length, warnings: mine }).toEqual({ count: Math.min(mine.length, shouldWarnings(baseline).length), warnings: mine });
  });

  it('outside development fails only audits whose query is introspection (__type), each refused as such', async () => {
    const ours = await auditServer({ url: t.url });
    const inDevelopment = new Map(development.map((r) => [r.id, r.status]));
    const worse = ours.filter((r): r is AuditFail => r.status !== 'ok' && inDevelopment.get(r.id) === 'ok');
    expect(failedMusts(ours.filter((r) => !worse.includes(r as AuditFail)))).toEqual([]);
    expect(worse.length).toBeLessThanOrEqual(3);
    for (const r of worse) {
      const body = (await r.response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect([r.id, body.errors[0].message, body.errors[0].extensions.code]).toEqual([r.id, expect.stringMatching(/introspection/i), 'BAD_USER_INPUT']);
    }
  });

  it.each(['application/json', 'application/graphql-response+json'])('answers a syntax error 400 (accept %s), never 500', async (accept) => {
    const res = await post(t.url, '{', accept);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect([res.status, body.errors[0].extensions.code, 'data' in body]).toEqual([400, 'BAD_USER_INPUT', false]);
  });

  it('answers a document over 2000 tokens 400 as a syntax error', async () => {
    const res = await post(t.url, `{ ${'a '.repeat(2001)}}`);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect([res.status, body.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(body.errors[0].message).toMatch(/2000 tokens/);
  });

  it('answers a validation error 400', async () => {
    const res = await post(t.url, '{ nope }');
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect([res.status, body.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('answers { __typename } without a token', async () => {
    const res = await post(t.url, '{ __typename }');
    expect([res.status, await res.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
  });
});
