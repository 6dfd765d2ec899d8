import { MemoryNonceStore, RedisNonceStore, type NonceStore } from '../../bots/slack/nonce.store';
import { describeIfReachable, reachable } from '../support/reachable.support';
import { dropKeys, uniquePrefix } from './redis-keys.support';

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One contract, run on every implementation. */
function nonceStoreContract(
  name: string,
  make: () => Promise<NonceStore>,
  suite: jest.Describe = describe,
  cleanUp: () => Promise<void> = async () => undefined,
): void {
  suite(`${name} nonce store`, () => {
    let store: NonceStore;
    const key = () => `test:${Math.random().toString(36).slice(2)}`;

    beforeAll(async () => {
      store = await make();
    });
    afterAll(async () => {
      await store?.close();
      await cleanUp();
    });

    it('gives a stored value back once', async () => {
      const k = key();
      expect(await store.put(k, 'user-1', 60_000)).toBe(true);
      expect(await store.take(k)).toBe('user-1');
      expect(await store.take(k)).toBeNull();
    });

    it('refuses to overwrite a live key', async () => {
      const k = key();
      expect(await store.put(k, 'first', 60_000)).toBe(true);
      expect(await store.put(k, 'second', 60_000)).toBe(false);
      expect(await store.take(k)).toBe('first');
    });

    it('forgets a value once its time is up', async () => {
      const k = key();
      await store.put(k, 'short', 50);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.take(k)).toBeNull();
      expect(await store.put(k, 'again', 60_000)).toBe(true);
    });

    it('hands a value to exactly one of many concurrent takers', async () => {
      const k = key();
      await store.put(k, 'once', 60_000);
      const results = await Promise.all(Array.from({ length: 50 }, () => store.take(k)));
      expect(results.filter((r) => r !== null)).toEqual(['once']);
    });

    it('lets exactly one of many concurrent puts win', async () => {
      const k = key();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.put(k, `v${i}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}

nonceStoreContract('memory', async () => new MemoryNonceStore());
const prefix = uniquePrefix('nonces');
nonceStoreContract(
  'redis',
  () => RedisNonceStore.connect(redisUrl, { prefix }),
  describeIfReachable(`Redis at ${redisUrl}`, reachable(redisUrl, 'PING\r\n', '+PONG')),
  () => dropKeys(redisUrl, prefix),
);
