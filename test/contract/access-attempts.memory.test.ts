import { MemoryAccessCache } from '../../src/infra/memory/access-cache.memory';
import { MemoryLockoutCounters } from '../../src/infra/memory/lockout.memory';
import { ComposedAccessAttempts } from '../../src/modules/access/access-attempts.composed';
import { EpochedAccessCache } from '../../src/modules/access/cache-epoch';
import { accessAttemptsContract } from './access-attempts.contract';

accessAttemptsContract('ComposedAccessAttempts over the memory adapters', async (clock) => {
  const lockout = new MemoryLockoutCounters({ now: clock.now });
  const cache = new EpochedAccessCache(new MemoryAccessCache(), async () => 1);
  await cache.refresh();
  return {
    attempts: new ComposedAccessAttempts(lockout, cache),
    lockout,
    cache,
    cacheDown: () => cache.suspend(),
    close: async () => undefined,
  };
});
