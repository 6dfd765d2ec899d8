import { startTwoNodes } from '../support/cluster';
import { gqlOk } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { userSession } from '../support/user-session.support';
import * as op from '../e2e/domain.operations';
import { decisions, door, wrongPin, type Door } from '../access/access.support';
import { answer, bridgeAnswer, ME, SERVICE_TOKEN, UPDATE_USER } from './revocation.support';

describe('revocation on two API nodes sharing PostgreSQL and Redis', () => {
  let stopNodes: () => Promise<void>;
  let a: TestApp;
  let b: TestApp;
  let s: SeededSite;
  let d: Door;
  let ok = false;

  beforeAll(async () => {
    const nodes = await startTwoNodes();
    ok = nodes !== null;
    if (!nodes) return;
    ({ a, b } = nodes);
    stopNodes = nodes.stop;
    s = await seedSite(a);
    d = await door(a.url, s);
  });

  afterAll(async () => {
    if (!ok) return;
    await stopNodes();
  });

  const pair = (i: number): [TestApp, TestApp] => (i % 2 === 0 ? [a, b] : [b, a]);

  it('refuses a revoked bridge token on the other node from the moment revokeToken returns, and counts none of its guesses (200 rounds)', async () => {
    if (!ok) return;
    const accepted: string[] = [];
    const decided = (await decisions(a.app)) + (await decisions(b.app));
    for (let i = 0; i < 200; i++) {
      const [writer, reader] = pair(i);
      const { createBridgeToken } = await gqlOk(writer.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: `bridge ${i}` } }, s.adminToken);
      expect(await bridgeAnswer(reader.url, createBridgeToken.token, d.lockId, d.code)).toBe('GRANTED');
      await gqlOk(writer.url, op.REVOKE_TOKEN, { id: createBridgeToken.id }, s.adminToken);
      const after = await bridgeAnswer(reader.url, createBridgeToken.token, d.lockId, wrongPin(d.code, i));
      if (after !== 'UNAUTHENTICATED') accepted.push(`round ${i}: ${after}`);
    }
    expect(accepted).toEqual([]);
    // One decision per round (the warm-up), none for the 200 guesses of revoked bridges: the door
    // is not locked out by them.
    expect((await decisions(a.app)) + (await decisions(b.app)) - decided).toBe(200);
    expect(await bridgeAnswer(b.url, d.bridgeToken, d.lockId, d.code)).toBe('GRANTED');
  }, 120_000);

  it('refuses a revoked user token on the other node from the moment revokeToken returns (200 rounds)', async () => {
    if (!ok) return;
    const accepted: string[] = [];
    for (let i = 0; i < 200; i++) {
      const [writer, reader] = pair(i);
      const session = await userSession(writer.url, s.adminToken, d.userId);
      expect(await answer(reader.url, ME, {}, session.token)).toBe('OK');
      // Half the rounds the user revokes their own token, half an admin does.
      await gqlOk(writer.url, op.REVOKE_TOKEN, { id: session.id }, i % 4 < 2 ? session.token : s.adminToken);
      const after = await answer(reader.url, ME, {}, session.token);
      if (after !== 'UNAUTHENTICATED') accepted.push(`round ${i}: ${after}`);
    }
    expect(accepted).toEqual([]);
  }, 120_000);

  it('refuses every token of a deleted admin on the other node from the moment deleteUser returns (200 rounds)', async () => {
    if (!ok) return;
    const accepted: string[] = [];
    for (let i = 0; i < 200; i++) {
      const [writer, reader] = pair(i);
      const { createUser } = await gqlOk(writer.url, op.CREATE_USER, { input: { siteId: s.siteId, name: `Admin ${i}`, role: 'ADMIN' } }, s.adminToken);
      const session = await userSession(writer.url, s.adminToken, createUser.id);
      expect(await answer(reader.url, SERVICE_TOKEN, { siteId: s.siteId, name: `warm ${i}` }, session.token)).toBe('OK');
      await gqlOk(writer.url, op.DELETE_USER, { id: createUser.id }, s.adminToken);
      const after = await answer(reader.url, SERVICE_TOKEN, { siteId: s.siteId, name: `after ${i}` }, session.token);
      if (after !== 'UNAUTHENTICATED') accepted.push(`round ${i}: ${after}`);
    }
    expect(accepted).toEqual([]);
  }, 180_000);

  it('lets a demoted admin call no admin mutation on the other node from the moment updateUser returns (200 rounds)', async () => {
    if (!ok) return;
    const { createUser } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Changing admin', role: 'ADMIN' } }, s.adminToken);
    const session = await userSession(a.url, s.adminToken, createUser.id);
    const accepted: string[] = [];
    for (let i = 0; i < 200; i++) {
      const [writer, reader] = pair(i);
      await gqlOk(writer.url, UPDATE_USER, { id: createUser.id, input: { role: 'ADMIN' } }, s.adminToken);
      expect(await answer(reader.url, SERVICE_TOKEN, { siteId: s.siteId, name: `warm ${i}` }, session.token)).toBe('OK');
      const { updateUser } = await gqlOk(writer.url, UPDATE_USER, { id: createUser.id, input: { role: 'USER' } }, s.adminToken);
      expect(updateUser.role).toBe('USER');
      const after = await answer(reader.url, SERVICE_TOKEN, { siteId: s.siteId, name: `after ${i}` }, session.token);
      if (after !== 'FORBIDDEN') accepted.push(`round ${i}: ${after}`);
    }
    expect(accepted).toEqual([]);
    // Still signed in, as a user.
    expect((await gqlOk(b.url, ME, {}, session.token)).me.role).toBe('USER');
  }, 180_000);

  it('refuses on the other node a session ended with revokeById (the sign-out path) from the moment it resolves', async () => {
    if (!ok) return;
    const accepted: string[] = [];
    for (let i = 0; i < 50; i++) {
      const [writer, reader] = pair(i);
      const session = await userSession(writer.url, s.adminToken, d.userId);
      expect(await answer(reader.url, ME, {}, session.token)).toBe('OK');
      expect(await writer.app.core.services.tokens.revokeById(writer.app.core.db.fork(), session.id)).toBe(true);
      const after = await answer(reader.url, ME, {}, session.token);
      if (after !== 'UNAUTHENTICATED') accepted.push(`round ${i}: ${after}`);
    }
    expect(accepted).toEqual([]);
    expect(await a.app.core.services.tokens.revokeById(a.app.core.db.fork(), '00000000-0000-4000-8000-000000000000')).toBe(false);
  }, 60_000);

  it('keeps live tokens of the site working on both nodes after revocations, from memory', async () => {
    if (!ok) return;
    const { createBridgeToken } = await gqlOk(a.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'other' } }, s.adminToken);
    await gqlOk(a.url, op.REVOKE_TOKEN, { id: createBridgeToken.id }, s.adminToken);
    for (const node of [a, b]) {
      expect(await answer(node.url, ME, {}, s.adminToken)).toBe('OK');
      expect(await bridgeAnswer(node.url, d.bridgeToken, d.lockId, d.code)).toBe('GRANTED');
    }
    // Warm now: further requests read no token row.
    const lookups = spyOnTokenReads(b);
    try {
      for (let i = 0; i < 5; i++) expect(await answer(b.url, ME, {}, s.adminToken)).toBe('OK');
      expect(lookups.count).toBe(0);
    } finally {
      lookups.restore();
    }
  });
});

/** Counts the token rows a node reads from the database. */
function spyOnTokenReads(node: TestApp): { count: number; restore(): void } {
  const tokens = node.app.core.services.tokens as unknown as { lookUp: (...args: unknown[]) => Promise<unknown> };
  const real = tokens.lookUp;
  const spy = {
    count: 0,
    restore: () => {
      tokens.lookUp = real;
    },
  };
  tokens.lookUp = async (...args: unknown[]) => {
    spy.count++;
    return real.apply(tokens, args);
  };
  return spy;
}
