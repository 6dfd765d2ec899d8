import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from './databases';
import { PG_ADMIN_URL, serviceAnswers } from './env';
import { PrivateRedis } from './private-redis';
import { TcpProxy } from './tcp.proxy';
import { startTestApp, type TestApp } from './test-app';

/**
 * Two API nodes on one throw-away PostgreSQL database and a private redis-server the test may
 * stop, pause and restart: node A reaches Redis through a TCP proxy the test can cut, node B
 * directly.
 */
export interface OutagePair {
  db: TestDatabase;
  redis: PrivateRedis;
  proxy: TcpProxy;
  a: TestApp;
  b: TestApp;
  stop(): Promise<void>;
}

/** Starts the pair, or resolves null (a failure under CI) when PostgreSQL or redis-server is missing. */
export async function startOutagePair(): Promise<OutagePair | null> {
  if (!(await serviceAnswers('PostgreSQL', PG_ADMIN_URL))) return null;
  const redis = await PrivateRedis.start();
  if (!redis) return null;
  const db = await createTestDatabase('postgresql');
  const pepper = randomBytes(32).toString('hex');
  const proxy = await TcpProxy.start(redis.port);
  const a = await startTestApp(db, { REDIS_URL: `redis://127.0.0.1:${proxy.port}` }, pepper);
  const b = await startTestApp(db, { REDIS_URL: redis.url }, pepper);
  return {
    db,
    redis,
    proxy,
    a,
    b,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await proxy.close();
      await redis.stop();
      await db.drop();
    },
  };
}
