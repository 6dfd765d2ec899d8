import { assertCacheVersion, type AccessCache, type CachedGrants, type CachedLock, type CachedPin } from '../../modules/access/access-cache.port';
import { StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { AttemptReads } from './lockout.redis';
import type { RedisClient } from './redis.client';
import { DEFAULT_REDIS_TIMEOUT_MS, guard, RedisScript } from './redis.script';

export interface RedisAccessCacheOptions {
  client: RedisClient;
  /** The server's current run_id, null while unknown (then every call fails: never a stale read). */
  runId: () => string | null;
  /** Key prefix. Default 'pg'. */
  prefix?: string;
  /** Entry lifetime after its last put. Default one hour. */
  ttlMs?: number;
  /** A call without a reply after this long fails with StoreUnavailableError. Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * One string per entry, `<version>|<json>`: one GET per read, and the version is readable by the
 * set-if-newer script without decoding JSON.
 */
const putIfNewer = new RedisScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local stored = tonumber(string.match(current, '^(%d+)|'))
  if stored and stored >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
return 1
`);

/** An entry as stored, `<version>|<json>`, decoded; null stays null (a miss). */
export function decodeEntry<T>(raw: string | null): T | null {
  return raw === null ? null : (JSON.parse(raw.slice(raw.indexOf('|') + 1)) as T);
}

/**
 * The AccessCache on Redis, shared by every API node. Keys are
 * `<prefix>:<run_id>:pin:<siteId>:<digest>`, `...:grant:<userId>:<lockId>`, `...:lock:<lockId>`:
 * a restarted or failed-over server (new run_id) never serves an entry written before.
 */
export class RedisAccessCache implements AccessCache {
  private readonly client: RedisClient;
  private readonly runId: () => string | null;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(options: RedisAccessCacheOptions) {
    this.client = options.client;
    this.runId = options.runId;
    this.prefix = options.prefix ?? 'pg';
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  }

  getPin(siteId: string, digest: string): Promise<CachedPin | null> {
    return this.read<CachedPin>(`pin:${siteId}:${digest}`);
  }

  putPin(siteId: string, digest: string, entry: CachedPin): Promise<boolean> {
    return this.write(`pin:${siteId}:${digest}`, entry);
  }

  getGrants(userId: string, lockId: string): Promise<CachedGrants | null> {
    return this.read<CachedGrants>(`grant:${userId}:${lockId}`);
  }

  putGrants(userId: string, lockId: string, entry: CachedGrants): Promise<boolean> {
    return this.write(`grant:${userId}:${lockId}`, entry);
  }

  getLock(lockId: string): Promise<CachedLock | null> {
    return this.read<CachedLock>(`lock:${lockId}`);
  }

  putLock(lockId: string, entry: CachedLock): Promise<boolean> {
    return this.write(`lock:${lockId}`, entry);
  }

  /**
   * Where a script reads the entries of `getPin(siteId, digest)` and `getGrants(userId, lockId)`
   * (the grants key is `grantsKeyPrefix + userId + grantsKeySuffix`), for the same ids as given
   * here (namespaced ids stay namespaced). Throws StoreUnavailableError while the run_id is unknown.
   */
  readsFor(siteId: string, digest: string, userIdPrefix: string, lockId: string): AttemptReads {
    return { pinKey: this.key(`pin:${siteId}:${digest}`), grantsKeyPrefix: this.key(`grant:${userIdPrefix}`), grantsKeySuffix: `:${lockId}` };
  }

  private key(suffix: string): string {
    const runId = this.runId();
    if (runId === null) throw new StoreUnavailableError('redis');
    return `${this.prefix}:${runId}:${suffix}`;
  }

  private read<T>(suffix: string): Promise<T | null> {
    return guard(async () => {
      return decodeEntry<T>(await this.client.get(this.key(suffix)));
    }, this.timeoutMs);
  }

  private async write(suffix: string, entry: { version: number }): Promise<boolean> {
    assertCacheVersion(entry.version);
    return guard(async () => {
      const stored = await putIfNewer.run(this.client, [this.key(suffix)], [String(entry.version), JSON.stringify(entry), String(this.ttlMs)]);
      return stored === 1;
    }, this.timeoutMs);
  }
}
