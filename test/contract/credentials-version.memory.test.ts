import { MemoryCredentialsVersionCache } from '../../src/infra/memory/credentials-version.memory';
import { credentialsVersionContract } from './credentials-version.contract';

credentialsVersionContract('MemoryCredentialsVersionCache', async () => {
  const ttlMs = 200;
  return {
    cache: new MemoryCredentialsVersionCache({ ttlMs }),
    ttlMs,
    restarted: () => new MemoryCredentialsVersionCache({ ttlMs }),
    close: async () => undefined,
  };
});
