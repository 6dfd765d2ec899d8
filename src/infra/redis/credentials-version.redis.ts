import { assertCacheVersion } from '../../modules/access/access-cache.port';
import type { CredentialsVersionCache } from '../../modules/token/credentials-version.port';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { RedisClient } from './redis.client';
import { DEFAULT_REDIS_TIMEOUT_MS, guard, RedisScript } from './redis.script';

export interface RedisCredentialsVersionCacheOptions {
  client: RedisClient;
  /** The server's current run_id, null while unknown (then every call fails: never a stale read). */
  runId: () => string | null;
  /** Key prefix. Default 'pg'. */
  prefix?: string;
  /** Entry lifetime after its last put. Default one day. */
  ttlMs?: number;
  /** A call without a reply after this long fails with StoreUnavailableError. Default 1000 ms. */
  timeoutMs?: number;
}

const putIfNewer = new RedisScript(`
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/**
 * The CredentialsVersionCache on Redis, shared by every API node: one integer string per site at
 * `<prefix>:<run_id>:cred:<siteId>`, one GET per read. A restarted or failed-over server (new
 * run_id) never serves a version written before.
 */
export class RedisCredentialsVersionCache implements CredentialsVersionCache {
  private readonly client: RedisClient;
  private readonly runId: () => string | null;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(options: RedisCredentialsVersionCacheOptions) {
    this.client = options.client;
    this.runId = options.runId;
    this.prefix = options.prefix ?? 'pg';
    this.ttlMs = options.ttlMs ?? 86_400_000;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  }

  get(siteId: string): Promise<number | null> {
    return guard(async () => {
      const raw = await this.client.get(this.key(siteId));
      return raw === null ? null : Number(raw);
    }, this.timeoutMs);
  }

  async put(siteId: string, version: number): Promise<boolean> {
    assertCacheVersion(version);
    return guard(async () => (await putIfNewer.run(this.client, [this.key(siteId)], [String(version), String(this.ttlMs)])) === 1, this.timeoutMs);
  }

  private key(siteId: string): string {
    const runId = this.runId();
    if (runId === null) throw new StoreUnavailableError('redis');
    return `${this.prefix}:${runId}:cred:${siteId}`;
  }
}
