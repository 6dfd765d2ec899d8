import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.client';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server has not seen it. */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(this.sha, { keys, arguments: args });
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, { keys, arguments: args });
    }
  }
}

/**
 * Runs a Redis call, turning any failure into StoreUnavailableError: the caller then answers from
 * the database, which is correct whatever went wrong (unreachable, timeout, OOM, a bad reply).
 */
export async function guard<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError('redis', { cause });
  }
}
