import { createClient } from 'redis';
import { createRedis, readRunId, type RedisLogger } from '../../src/infra/redis/redis.client';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { eventually } from '../support/clock.support';
import { DEAD_REDIS_URL, describeRedis, TEST_REDIS_URL } from '../support/redis.support';

describe('createRedis', () => {
  it('rejects with StoreUnavailableError when Redis does not answer in time', async () => {
    const started = Date.now();
    await expect(createRedis(DEAD_REDIS_URL, undefined, { startupTimeoutMs: 300 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('can start without Redis, failing calls at once until it answers', async () => {
    const conn = await createRedis(DEAD_REDIS_URL, undefined, { waitForConnection: false });
    try {
      expect(conn.isReady()).toBe(false);
      expect(conn.runId()).toBeNull();
      await expect(conn.client.get('x')).rejects.toThrow();
    } finally {
      await conn.close();
    }
  });

  describeRedis('on a live Redis', () => {
    it('connects and knows the server’s run_id', async () => {
      const conn = await createRedis(TEST_REDIS_URL);
      try {
        expect(conn.isReady()).toBe(true);
        expect(conn.runId()).toBe(await readRunId(conn.client));
        expect(conn.runId()).toMatch(/^[0-9a-f]{40}$/);
      } finally {
        await conn.close();
      }
    });

    it('forgets the run_id when the connection drops and reads it again after reconnecting', async () => {
      const warnings: string[] = [];
      const logger: RedisLogger = { info: () => undefined, warn: (_obj, msg) => warnings.push(msg ?? '') };
      const conn = await createRedis(TEST_REDIS_URL, logger, { runIdCheckIntervalMs: 0 });
      const killer = createClient({ url: TEST_REDIS_URL });
      await killer.connect();
      try {
        const runId = conn.runId();
        const seenWhileDown: Array<string | null> = [];
        conn.client.on('reconnecting', () => seenWhileDown.push(conn.runId()));
        const id = await conn.client.clientId();
        await killer.sendCommand(['CLIENT', 'KILL', 'ID', String(id)]);
        await eventually(() => expect(seenWhileDown.length).toBeGreaterThan(0));
        expect(seenWhileDown.every((r) => r === null)).toBe(true);
        await eventually(() => expect(conn.runId()).toBe(runId));
        expect(warnings).toContain('redis connection lost');
      } finally {
        killer.destroy();
        await conn.close();
      }
    });

    it('opens a duplicate connection and closes it with the original', async () => {
      const conn = await createRedis(TEST_REDIS_URL);
      const dup = await conn.duplicate();
      expect(await dup.ping()).toBe('PONG');
      await conn.close();
      expect(dup.isOpen).toBe(false);
      expect(conn.client.isOpen).toBe(false);
    });
  });
});
