import { randomInt } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';

export type RedisClient = RedisClientType;

/** The part of a pino logger this module uses. */
export interface RedisLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface RedisOptions {
  /** TCP connect timeout per attempt. Default 500 ms. */
  connectTimeoutMs?: number;
  /** Reconnect backoff: 50 ms doubling per attempt up to this, plus jitter. Default 2000 ms. */
  maxReconnectDelayMs?: number;
  /**
   * Await the first connection (and its run_id), rejecting with StoreUnavailableError after
   * `startupTimeoutMs`. When false, resolve at once and keep connecting in the background: calls
   * fail with StoreUnavailableError until Redis answers. Default true.
   */
  waitForConnection?: boolean;
  /** Default 2000 ms. */
  startupTimeoutMs?: number;
  /**
   * Re-read run_id this often, for a failover behind a proxy that keeps our TCP connection.
   * 0 disables. Default 5000 ms.
   */
  runIdCheckIntervalMs?: number;
}

/** A node-redis client plus the server's run_id, kept current across reconnects. */
export interface RedisConnection {
  readonly client: RedisClient;
  /**
   * The server's run_id (INFO server), or null while disconnected and from a reconnect until it has
   * been read again: keys derived from it must not be used then.
   */
  runId(): string | null;
  /** Connected and run_id known. */
  isReady(): boolean;
  /** A new connection with the same options (e.g. a pub/sub subscriber), connected like this one. */
  duplicate(): Promise<RedisClient>;
  close(): Promise<void>;
}

const silent: RedisLogger = { info: () => undefined, warn: () => undefined };

/** Reads run_id from INFO server. */
export async function readRunId(client: RedisClient): Promise<string> {
  const info = await client.info('server');
  const match = /run_id:([0-9a-zA-Z]+)/.exec(info);
  if (!match) throw new Error('INFO server has no run_id');
  return match[1];
}

function newClient(url: string, o: Required<RedisOptions>): RedisClient {
  return createClient({
    url,
    disableOfflineQueue: true,
    // node-redis 6 defaults to a 5 s timeout made of an AbortSignal per command: 0 turns it off.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: o.connectTimeoutMs,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, o.maxReconnectDelayMs) + randomInt(50),
    },
  }) as RedisClient;
}

/** Connects, waiting at most `timeoutMs` unless told not to wait; a failed start destroys the client. */
async function start(client: RedisClient, wait: boolean, timeoutMs: number): Promise<void> {
  const connecting = client.connect();
  if (!wait) {
    connecting.catch(() => undefined);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([connecting, timeout]);
  } catch (cause) {
    client.destroy();
    connecting.catch(() => undefined);
    throw new StoreUnavailableError('redis', { cause });
  } finally {
    clearTimeout(timer);
  }
}

function watchConnection(client: RedisClient, label: string, logger: RedisLogger, onDown: () => void): void {
  let up = false;
  const down = (err?: unknown): void => {
    onDown();
    if (up) logger.warn({ err, redis: label }, 'redis connection lost');
    up = false;
  };
  client.on('error', down);
  client.on('reconnecting', () => down());
  client.on('end', () => down());
  client.on('ready', () => {
    up = true;
  });
}

/**
 * Opens a node-redis client for `url`: no offline queue (a call while disconnected rejects at
 * once), a short connect timeout, reconnect with backoff, and run_id tracking. Command time-outs
 * are the adapters' (`guard`): node-redis's own would make an AbortSignal per command, which
 * costs the hot path more than the rest of a Redis call.
 */
export async function createRedis(url: string, logger: RedisLogger = silent, options: RedisOptions = {}): Promise<RedisConnection> {
  const o: Required<RedisOptions> = {
    connectTimeoutMs: 500,
    maxReconnectDelayMs: 2000,
    waitForConnection: true,
    startupTimeoutMs: 2000,
    runIdCheckIntervalMs: 5000,
    ...options,
  };
  const client = newClient(url, o);
  let runId: string | null = null;
  let generation = 0;

  const refreshRunId = async (): Promise<void> => {
    const seen = generation;
    try {
      const id = await readRunId(client);
      if (seen !== generation) return;
      if (runId !== null && id !== runId) logger.warn({ previous: runId, runId: id }, 'redis run_id changed');
      else if (runId === null) logger.info({ runId: id }, 'redis ready');
      runId = id;
    } catch {
      if (seen !== generation) return;
      runId = null;
      setTimeout(() => seen === generation && client.isReady && void refreshRunId(), 250).unref();
    }
  };

  watchConnection(client, 'main', logger, () => {
    generation++;
    runId = null;
  });
  client.on('ready', () => {
    generation++;
    runId = null;
    void refreshRunId();
  });

  await start(client, o.waitForConnection, o.startupTimeoutMs);
  if (o.waitForConnection) {
    await refreshRunId();
    if (runId === null) {
      client.destroy();
      throw new StoreUnavailableError('redis');
    }
  }

  const timer = o.runIdCheckIntervalMs > 0 ? setInterval(() => client.isReady && void refreshRunId(), o.runIdCheckIntervalMs) : undefined;
  timer?.unref();
  const duplicates = new Set<RedisClient>();

  return {
    client,
    runId: () => (client.isReady ? runId : null),
    isReady: () => client.isReady && runId !== null,
    duplicate: async () => {
      const dup = client.duplicate() as RedisClient;
      watchConnection(dup, 'duplicate', logger, () => undefined);
      await start(dup, o.waitForConnection, o.startupTimeoutMs);
      duplicates.add(dup);
      return dup;
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await Promise.all([...duplicates].map((d) => closeClient(d)));
      duplicates.clear();
      await closeClient(client);
    },
  };
}

/** Closes gracefully when connected, at once otherwise; never throws. */
export async function closeClient(client: RedisClient): Promise<void> {
  try {
    if (client.isReady) await client.close();
    else client.destroy();
  } catch {
    client.destroy();
  }
}
