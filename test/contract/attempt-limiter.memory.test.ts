import { MemoryAttemptLimiter } from '../../src/infra/memory/attempt-limiter.memory';
import { attemptLimiterContract } from './attempt-limiter.contract';

attemptLimiterContract('MemoryAttemptLimiter', async (clock) => ({
  limiter: (options) => new MemoryAttemptLimiter({ ...options, now: clock.now }),
  close: async () => undefined,
}));
