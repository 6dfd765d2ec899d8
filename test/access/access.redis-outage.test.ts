import { gqlOk } from '../support/graphql.client';
import type { PrivateRedis } from '../support/private-redis';
import type { TcpProxy } from '../support/tcp.proxy';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import { startOutagePair, type OutagePair } from '../support/outage-pair.support';
import * as op from '../e2e/domain.operations';
import { access, counter, door, wrongPin } from './access.support';

describe('lockAccess while Redis is down or paused', () => {
  let pair: OutagePair | null = null;
  let redis: PrivateRedis | null = null;
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  let s: SeededSite;
  let ok = false;

  beforeAll(async () => {
    pair = await startOutagePair();
    ok = pair !== null;
    if (!pair) return;
    ({ redis, proxy, a, b } = pair);
    s = await seedSite(a);
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('denies on every node a PIN blocked by a node that was cut off from Redis', async () => {
    if (!ok || !redis) return;
    const d = await door(a.url, s);
    for (const node of [a, b]) {
      expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    }
    proxy.cut();
    try {
      await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
      expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
      expect((await access(a.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
    } finally {
      proxy.restore();
    }
    await new Promise((r) => setTimeout(r, 1500));
    for (const node of [b, a]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
  }, 30_000);

  it('denies on every node a PIN blocked while Redis was paused, once the pause is over', async () => {
    if (!ok || !redis) return;
    const d = await door(a.url, s);
    for (const node of [a, b]) {
      expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    }
    redis.pause(1500);
    await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
    for (const node of [b, a]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
    await new Promise((r) => setTimeout(r, 1200));
    for (const node of [b, a]) expect((await access(node.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
  }, 30_000);

  it('decides from the database and counts failures there while Redis is stopped', async () => {
    if (!ok || !redis) return;
    const d = await door(a.url, s);
    const other = await door(a.url, s);
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    const fallbacksBefore = await counter(b.app, 'pingate_redis_fallbacks_total');
    await redis.stop();
    try {
      expect((await fetch(a.url.replace('/graphql', '/readyz'))).status).toBe(503);
      expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
      await gqlOk(a.url, op.BLOCK, { id: d.pinId }, s.adminToken);
      expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
      const perms = (await gqlOk(a.url, op.USER, { id: other.userId }, s.adminToken)).user.permissions;
      await gqlOk(a.url, op.REVOKE, { id: perms[0].id }, s.adminToken);
      expect((await access(b.url, other.bridgeToken, other.lockId, other.code)).reason).toBe('NO_PERMISSION');

      const { createLock } = await gqlOk(a.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Guessed' } }, s.adminToken);
      const reasons: string[] = [];
      for (let i = 0; i < 6; i++) reasons.push((await access(i % 2 ? a.url : b.url, d.bridgeToken, createLock.id, wrongPin(d.code, i))).reason);
      expect(reasons).toEqual(['INVALID_PIN', 'INVALID_PIN', 'INVALID_PIN', 'INVALID_PIN', 'INVALID_PIN', 'LOCKED_OUT']);
      expect(await counter(b.app, 'pingate_redis_fallbacks_total')).toBeGreaterThan(fallbacksBefore);
    } finally {
      await redis.restart();
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('PIN_BLOCKED');
    expect((await access(a.url, other.bridgeToken, other.lockId, other.code)).reason).toBe('NO_PERMISSION');
  }, 60_000);
});
