import net from 'node:net';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const IN_CI = process.env.CI === 'true';

const answers = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });

/**
 * Whether a service answers. Under CI a missing service is a failure, never a skip; elsewhere the
 * suites that need it are skipped with a message.
 */
export async function serviceAnswers(name: 'PostgreSQL' | 'Redis', url: string): Promise<boolean> {
  const ok = await answers(url);
  if (!ok && IN_CI) throw new Error(`${name} does not answer at ${url}, and CI=true: a missing service is a failure`);
  if (!ok) console.warn(`${name} does not answer at ${url}: skipping the tests that need it`);
  return ok;
}
