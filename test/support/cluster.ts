import { randomBytes } from 'node:crypto';
import type { AppOptions } from '../../src/app';
import { createTestDatabase, type TestDatabase } from './databases';
import { PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from './env';
import { startTestApp, type TestApp } from './test-app';

export interface TwoNodes {
  db: TestDatabase;
  a: TestApp;
  b: TestApp;
  stop(): Promise<void>;
}

/**
 * Two API nodes sharing one throw-away PostgreSQL database, one Redis and one pepper, as in
 * production; null when PostgreSQL or Redis does not answer (a failure under CI).
 */
export async function startTwoNodes(options: AppOptions = {}, redisUrl = REDIS_TEST_URL): Promise<TwoNodes | null> {
  if (!(await serviceAnswers('PostgreSQL', PG_ADMIN_URL)) || !(await serviceAnswers('Redis', redisUrl))) return null;
  const db = await createTestDatabase('postgresql');
  const pepper = randomBytes(32).toString('hex');
  const a = await startTestApp(db, { REDIS_URL: redisUrl }, pepper, options);
  const b = await startTestApp(db, { REDIS_URL: redisUrl }, pepper, options);
  return {
    db,
    a,
    b,
    stop: async () => {
      await Promise.all([a.stop(), b.stop()]);
      await db.drop();
    },
  };
}
