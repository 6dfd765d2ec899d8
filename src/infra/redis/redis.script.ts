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
 * the database, which is correct whatever went wrong (unreachable, OOM, a bad reply). A call with
 * no reply after `timeoutMs` fails too: node-redis times out only commands not yet written, so a
 * hung server would otherwise hold a person at a door. A late reply is ignored; a script that
 * still runs has only taken a reservation whose lease then expires, or put a versioned entry.
 */
export async function guard<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = call();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    });
    pending.catch(() => undefined);
    return await Promise.race([pending, timeout]);
  } catch (cause) {
    throw cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError('redis', { cause });
  } finally {
    clearTimeout(timer);
  }
}

/** Default for `timeoutMs` of the Redis adapters. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1000;
