import { randomUUID } from 'node:crypto';
import { RedisEventBus } from '../../src/infra/redis/event-bus.redis';
import { createRedis } from '../../src/infra/redis/redis.client';
import type { PublishedEvent } from '../../src/modules/events/event-bus.port';
import { PinEventType } from '../../src/modules/events/event.entity';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { eventually } from '../support/clock.support';
import { connectTestRedis, DEAD_REDIS_URL, describeRedis, testPrefix } from '../support/redis.support';
import { eventBusContract } from './event-bus.contract';

describeRedis('RedisEventBus', () => {
  eventBusContract('RedisEventBus', async () => {
    const redis = await connectTestRedis();
    const bus = new RedisEventBus({ connection: redis, prefix: testPrefix() });
    return {
      bus,
      close: async () => {
        await bus.close();
        await redis.close();
      },
    };
  });

  it('carries events from one API node to another', async () => {
    const [nodeA, nodeB] = await Promise.all([connectTestRedis(), connectTestRedis()]);
    const prefix = testPrefix();
    const [busA, busB] = [new RedisEventBus({ connection: nodeA, prefix }), new RedisEventBus({ connection: nodeB, prefix })];
    try {
      const siteId = randomUUID();
      const got: PublishedEvent[] = [];
      const off = await busB.subscribe(siteId, (e) => got.push(e));
      const e: PublishedEvent = { id: '7', seq: 7, siteId, type: PinEventType.LOCKOUT_STARTED, userId: null, pinId: null, lockId: randomUUID(), reason: null, actorId: null, refId: null, at: new Date().toISOString() };
      await busA.publish(siteId, e);
      await eventually(() => expect(got).toEqual([e]));
      await off();
    } finally {
      await Promise.all([busA.close(), busB.close()]);
      await Promise.all([nodeA.close(), nodeB.close()]);
    }
  });

  it('fails publish and subscribe with StoreUnavailableError while Redis is down', async () => {
    const dead = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false, startupTimeoutMs: 300 });
    const bus = new RedisEventBus({ connection: dead });
    try {
      const siteId = randomUUID();
      await expect(bus.publish(siteId, { id: '1', seq: 1, siteId, type: PinEventType.PIN_BLOCKED, userId: null, pinId: null, lockId: null, reason: null, actorId: null, refId: null, at: new Date().toISOString() })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(bus.subscribe(siteId, () => undefined)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await bus.close();
      await dead.close();
    }
  });
});
