import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.client';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';

/** A Lua script run by EVALSHA, loaded with EVAL the first time a server has not seen it. */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA as a raw command (the hot path's one call: node-redis's argument parsing skipped). */
  run(client: RedisClient, keys: string[], args: string[]): Promise<unknown> {
    return client.sendCommand(['EVALSHA', this.sha, String(keys.length), ...keys, ...args]).catch((err: unknown) => {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.sendCommand(['EVAL', this.source, String(keys.length), ...keys, ...args]);
    });
  }
}

/**
 * Runs a Redis call, turning any failure into StoreUnavailableError: the caller then answers from
 * the database, which is correct whatever went wrong (unreachable, OOM, a bad reply). A call with
 * no reply after `timeoutMs` fails too: node-redis times out only commands not yet written, so a
 * hung server would otherwise hold a person at a door. A late reply is ignored; a script that
 * still runs has only taken a reservation whose lease then expires, or put a versioned entry.
 */
export function guard<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const fail = (cause: unknown) => reject(cause instanceof StoreUnavailableError ? cause : new StoreUnavailableError('redis', { cause }));
    const waiting: Waiting = { deadline: Date.now() + timeoutMs, fail: () => fail(new Error(`no reply within ${timeoutMs} ms`)) };
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (err) {
      fail(err);
      return;
    }
    calls.add(waiting);
    watchDeadlines();
    pending.then(
      (value) => {
        calls.delete(waiting);
        resolve(value);
      },
      (err) => {
        calls.delete(waiting);
        fail(err);
      },
    );
  });
}

interface Waiting {
  deadline: number;
  fail(): void;
}

/**
 * Calls awaiting a reply, checked by one timer rather than one timer per call: the hot path makes
 * several Redis calls per request, and a timer each costs more than the call. Deadlines are kept
 * to within WATCH_EVERY_MS.
 */
const calls = new Set<Waiting>();
const WATCH_EVERY_MS = 25;
let watcher: NodeJS.Timeout | null = null;

function watchDeadlines(): void {
  if (watcher) return;
  watcher = setInterval(() => {
    const now = Date.now();
    for (const waiting of calls) {
      if (waiting.deadline > now) continue;
      calls.delete(waiting);
      waiting.fail();
    }
    if (calls.size === 0 && watcher) {
      clearInterval(watcher);
      watcher = null;
    }
  }, WATCH_EVERY_MS);
  watcher.unref();
}

/** Default for `timeoutMs` of the Redis adapters. */
export const DEFAULT_REDIS_TIMEOUT_MS = 1000;
