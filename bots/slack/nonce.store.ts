import { createClient } from 'redis';

/**
 * One-time state of the bot (reveal nonces, deliveries already seen), shared by every bot process
 * when it lives in Redis. Both operations are atomic: of any number of concurrent callers for one
 * key, exactly one `put` returns true and exactly one `take` returns the value.
 */
export interface NonceStore {
  /** Stores `value` under `key` for `ttlMs` milliseconds unless the key exists (SET NX PX); false when it did. */
  put(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Reads and deletes `key` in one step (GETDEL); null when it is missing or expired. */
  take(key: string): Promise<string | null>;
  close(): Promise<void>;
}

/** In-process store: for a single bot process and tests. */
export class MemoryNonceStore implements NonceStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async put(key: string, value: string, ttlMs: number): Promise<boolean> {
    this.sweep();
    if (this.live(key) !== undefined) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    return true;
  }

  async take(key: string): Promise<string | null> {
    const value = this.live(key);
    this.entries.delete(key);
    return value ?? null;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

type RedisClient = ReturnType<typeof createClient>;

/** Redis store (Redis >= 6.2 for GETDEL); keys are prefixed so the bot can share a Redis. */
export class RedisNonceStore implements NonceStore {
  private constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Connects; fails when Redis is unreachable. Calls fail at once while it is down (no offline queue). */
  static async connect(url: string, options: { prefix?: string; onError?: (err: unknown) => void } = {}): Promise<RedisNonceStore> {
    const client: RedisClient = createClient({ url, disableOfflineQueue: true });
    client.on('error', options.onError ?? (() => undefined));
    await client.connect();
    return new RedisNonceStore(client, options.prefix ?? 'pingate:slack:');
  }

  async put(key: string, value: string, ttlMs: number): Promise<boolean> {
    const reply = await this.client.set(this.prefix + key, value, {
      condition: 'NX',
      expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) },
    });
    return reply === 'OK';
  }

  async take(key: string): Promise<string | null> {
    const value = await this.client.getDel(this.prefix + key);
    return value === null ? null : String(value);
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
