import { gqlOk } from '../support/graphql.client';
import type { PrivateRedis } from '../support/private-redis';
import type { TcpProxy } from '../support/tcp.proxy';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { startOutagePair, type OutagePair } from '../support/outage-pair.support';
import { userSession, type UserSession } from '../support/user-session.support';
import * as op from '../e2e/domain.operations';
import { door, type Door } from '../access/access.support';
import { answer, bridgeAnswer, ME } from './revocation.support';

describe('revocation while Redis is down, paused or out of one node’s reach', () => {
  let pair: OutagePair | null = null;
  let redis: PrivateRedis | null = null;
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  let s: SeededSite;
  let d: Door;
  let ok = false;

  beforeAll(async () => {
    pair = await startOutagePair();
    ok = pair !== null;
    if (!pair) return;
    ({ redis, proxy, a, b } = pair);
    s = await seedSite(a);
    d = await door(a.url, s);
  });

  afterAll(async () => {
    await pair?.stop();
  });

  /** A bridge token and a user session, each used on both nodes (warm in both nodes' memory). */
  async function warmCredentials(): Promise<{ bridge: { id: string; token: string }; session: UserSession }> {
    const { createBridgeToken: bridge } = await gqlOk(b.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'bridge' } }, s.adminToken);
    const session = await userSession(b.url, s.adminToken, d.userId);
    for (const node of [a, b, a, b]) {
      expect(await bridgeAnswer(node.url, bridge.token, d.lockId, d.code)).toBe('GRANTED');
      expect(await answer(node.url, ME, {}, session.token)).toBe('OK');
    }
    return { bridge, session };
  }

  async function expectRefusedEverywhere(c: { bridge: { token: string }; session: UserSession }): Promise<void> {
    for (const node of [b, a]) {
      expect(await bridgeAnswer(node.url, c.bridge.token, d.lockId, d.code)).toBe('UNAUTHENTICATED');
      expect(await answer(node.url, ME, {}, c.session.token)).toBe('UNAUTHENTICATED');
    }
  }

  async function expectLiveAccepted(): Promise<void> {
    for (const node of [b, a]) {
      expect(await bridgeAnswer(node.url, d.bridgeToken, d.lockId, d.code)).toBe('GRANTED');
      expect(await answer(node.url, ME, {}, s.adminToken)).toBe('OK');
    }
  }

  it('refuses on a node that reaches Redis the tokens revoked by a node cut off from it', async () => {
    if (!ok) return;
    const c = await warmCredentials();
    proxy.cut();
    try {
      await gqlOk(a.url, op.REVOKE_TOKEN, { id: c.bridge.id }, s.adminToken);
      await gqlOk(a.url, op.REVOKE_TOKEN, { id: c.session.id }, s.adminToken);
      await expectRefusedEverywhere(c);
      await expectLiveAccepted();
    } finally {
      proxy.restore();
    }
    await new Promise((r) => setTimeout(r, 1500));
    await expectRefusedEverywhere(c);
    await expectLiveAccepted();
  }, 30_000);

  it('refuses on every node the tokens revoked while Redis was paused, during and after the pause', async () => {
    if (!ok || !redis) return;
    const c = await warmCredentials();
    redis.pause(1500);
    await gqlOk(b.url, op.REVOKE_TOKEN, { id: c.bridge.id }, s.adminToken);
    await gqlOk(a.url, op.REVOKE_TOKEN, { id: c.session.id }, s.adminToken);
    await expectRefusedEverywhere(c);
    await new Promise((r) => setTimeout(r, 1200));
    await expectRefusedEverywhere(c);
    await expectLiveAccepted();
  }, 30_000);

  it('asks the database while Redis is stopped: revoked tokens refused, live ones accepted, and so after it restarts', async () => {
    if (!ok || !redis) return;
    const c = await warmCredentials();
    const { createUser } = await gqlOk(a.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Leaving admin', role: 'ADMIN' } }, s.adminToken);
    const leaving = await userSession(a.url, s.adminToken, createUser.id);
    for (const node of [a, b]) expect(await answer(node.url, ME, {}, leaving.token)).toBe('OK');
    await redis.stop();
    try {
      await expectLiveAccepted();
      await gqlOk(b.url, op.REVOKE_TOKEN, { id: c.bridge.id }, s.adminToken);
      await gqlOk(a.url, op.REVOKE_TOKEN, { id: c.session.id }, c.session.token);
      await gqlOk(b.url, op.DELETE_USER, { id: createUser.id }, s.adminToken);
      await expectRefusedEverywhere(c);
      for (const node of [a, b]) expect(await answer(node.url, ME, {}, leaving.token)).toBe('UNAUTHENTICATED');
      await expectLiveAccepted();
    } finally {
      await redis.restart();
    }
    await new Promise((r) => setTimeout(r, 1500));
    await expectRefusedEverywhere(c);
    for (const node of [a, b]) expect(await answer(node.url, ME, {}, leaving.token)).toBe('UNAUTHENTICATED');
    await expectLiveAccepted();
  }, 60_000);
});
