import { MemoryAccessCache } from '../../src/infra/memory/access-cache.memory';
import { accessCacheContract } from './access-cache.contract';

accessCacheContract('MemoryAccessCache', async () => {
  const ttlMs = 200;
  return {
    cache: new MemoryAccessCache({ ttlMs }),
    ttlMs,
    restarted: () => new MemoryAccessCache({ ttlMs }),
    close: async () => undefined,
  };
});
