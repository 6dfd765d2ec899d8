import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gql, gqlOk, codeOf } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';
import * as op from '../e2e/domain.operations';
import { door, type Door } from '../access/access.support';
import { answer, bridgeAnswer, ME, SERVICE_TOKEN, UPDATE_USER } from './revocation.support';

describe('revocation on one embedded node (SQLite, no Redis)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let s: SeededSite;
  let d: Door;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    t = await startTestApp(db);
    s = await seedSite(t);
    d = await door(t.url, s);
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  it('refuses a revoked bridge or user token at once, a token it had just accepted', async () => {
    for (let i = 0; i < 20; i++) {
      const { createBridgeToken } = await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: `bridge ${i}` } }, s.adminToken);
      const session = await userSession(t.url, s.adminToken, d.userId);
      expect(await bridgeAnswer(t.url, createBridgeToken.token, d.lockId, d.code)).toBe('GRANTED');
      expect(await answer(t.url, ME, {}, session.token)).toBe('OK');
      await gqlOk(t.url, op.REVOKE_TOKEN, { id: createBridgeToken.id }, s.adminToken);
      await gqlOk(t.url, op.REVOKE_TOKEN, { id: session.id }, session.token);
      expect(await bridgeAnswer(t.url, createBridgeToken.token, d.lockId, d.code)).toBe('UNAUTHENTICATED');
      expect(await answer(t.url, ME, {}, session.token)).toBe('UNAUTHENTICATED');
    }
    expect(await bridgeAnswer(t.url, d.bridgeToken, d.lockId, d.code)).toBe('GRANTED');
  });

  it('refuses the tokens of a deleted admin at once', async () => {
    const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Leaving admin', role: 'ADMIN' } }, s.adminToken);
    const session = await userSession(t.url, s.adminToken, createUser.id);
    expect(await answer(t.url, SERVICE_TOKEN, { siteId: s.siteId, name: 'before' }, session.token)).toBe('OK');
    await gqlOk(t.url, op.DELETE_USER, { id: createUser.id }, s.adminToken);
    expect(await answer(t.url, SERVICE_TOKEN, { siteId: s.siteId, name: 'after' }, session.token)).toBe('UNAUTHENTICATED');
  });

  it('applies a role change at once, both ways', async () => {
    const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Changing user' } }, s.adminToken);
    const session = await userSession(t.url, s.adminToken, createUser.id);
    expect(await answer(t.url, SERVICE_TOKEN, { siteId: s.siteId, name: 'as user' }, session.token)).toBe('FORBIDDEN');
    await gqlOk(t.url, UPDATE_USER, { id: createUser.id, input: { role: 'ADMIN' } }, s.adminToken);
    expect(await answer(t.url, SERVICE_TOKEN, { siteId: s.siteId, name: 'as admin' }, session.token)).toBe('OK');
    await gqlOk(t.url, UPDATE_USER, { id: createUser.id, input: { role: 'USER' } }, s.adminToken);
    expect(await answer(t.url, SERVICE_TOKEN, { siteId: s.siteId, name: 'demoted' }, session.token)).toBe('FORBIDDEN');
    expect((await gqlOk(t.url, ME, {}, session.token)).me.role).toBe('USER');
  });

  it('updates a user’s name and email for an admin of the site only, records it, and keeps an admin’s own role', async () => {
    const { createUser } = await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Old name', email: 'old@example.com' } }, s.adminToken);
    const { updateUser } = await gqlOk(t.url, UPDATE_USER, { id: createUser.id, input: { name: ' New name ', email: 'New@Example.com' } }, s.adminToken);
    expect(updateUser).toEqual({ id: createUser.id, name: 'New name', email: 'new@example.com', role: 'USER' });
    const cleared = await gqlOk(t.url, UPDATE_USER, { id: createUser.id, input: { email: '' } }, s.adminToken);
    expect(cleared.updateUser).toEqual({ id: createUser.id, name: 'New name', email: null, role: 'USER' });
    const { pinEvents } = await gqlOk(t.url, op.EVENTS, { siteId: s.siteId, first: 500 }, s.adminToken);
    expect(pinEvents.filter((e: { type: string; user: { id: string } | null }) => e.type === 'USER_UPDATED' && e.user?.id === createUser.id)).toHaveLength(2);

    const session = await userSession(t.url, s.adminToken, createUser.id);
    expect(codeOf(await gql(t.url, UPDATE_USER, { id: createUser.id, input: { role: 'ADMIN' } }, session.token))).toBe('FORBIDDEN');
    expect(codeOf(await gql(t.url, UPDATE_USER, { id: s.adminId, input: { role: 'USER' } }, s.adminToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await gql(t.url, UPDATE_USER, { id: createUser.id, input: { email: 'not an email' } }, s.adminToken))).toBe('BAD_USER_INPUT');
    const other = await seedSite(t, { name: 'Other site' });
    expect(codeOf(await gql(t.url, UPDATE_USER, { id: createUser.id, input: { name: 'Taken over' } }, other.adminToken))).toBe('NOT_FOUND');
    expect((await gqlOk(t.url, ME, {}, s.adminToken)).me.role).toBe('ADMIN');
  });
});
