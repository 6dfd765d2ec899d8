import { MemoryLockoutCounters } from '../../src/infra/memory/lockout.memory';
import { lockoutContract } from './lockout.contract';

lockoutContract('MemoryLockoutCounters', async (clock) => ({
  counters: new MemoryLockoutCounters({ now: clock.now }),
  close: async () => undefined,
}));
