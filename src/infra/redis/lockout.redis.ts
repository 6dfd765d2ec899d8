/*
 * Why one Lua script and not rate-limiter-flexible.
 *
 * DESIGN.md rule 10 allows either. rate-limiter-flexible (consume = reservation, reward = give back,
 * block = lockout) was tried on paper first and cannot express the rule atomically:
 *  - a reservation and a failure are different things: `consume` counts the attempt in flight, but
 *    when it fails the failure must stay and when it is granted it must go, and a lockout must
 *    restart the lock's count while other reservations are still in flight (their later `reward`
 *    would drive a deleted counter negative and hand out extra attempts);
 *  - "once the site budget is spent, one attempt in flight per lock, and its failure locks out"
 *    reads the site counter and writes the lock counter in one decision: two limiters are two
 *    round trips with a race between them;
 *  - doubling per repeated lockout within 24 h needs a third counter read in the same step;
 *  - a limiter's `points` are fixed at construction, while `maxFailedAttempts` is per site;
 *  - its windows are fixed (a burst across a boundary gets twice the attempts); we keep the
 *    failure times, so "5 within 10 minutes" is exact;
 *  - a node that dies between consume and reward leaks the slot for the whole 10-minute window;
 *    here a reservation is a 30 s lease.
 * So the Redis adapter runs the rules of lockout.rules.ts as one Lua script (a line-by-line port),
 * one round trip per call, both keys in one hash slot ({siteId}); its `attempt` operation also reads
 * the PIN's and the grants' cache entries (RedisAccessAttempts), so a decision on a cache hit is one
 * round trip in all. The memory and SQL adapters run
 * lockout.rules.ts itself, and one contract suite holds the three to the same behaviour.
 * Time comes from the caller's clock (`now`), so every node must keep NTP time; a skew of a second
 * is harmless against windows of minutes.
 */
import { randomUUID } from 'node:crypto';
import {
  defaultLockoutTimings,
  type FailResult,
  type LockoutCounters,
  type LockoutKey,
  type LockoutPolicy,
  type LockoutReservation,
  type LockoutTimings,
  type ReserveResult,
} from '../../modules/access/lockout.port';
import { MAX_LOCKOUTS_KEPT, normalizePolicy } from '../../modules/access/lockout.rules';
import type { RedisClient } from './redis.client';
import { DEFAULT_REDIS_TIMEOUT_MS, guard, RedisScript } from './redis.script';

const script = new RedisScript(`
local op, now, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local max, lockoutSeconds, budget = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local failureWindow, siteWindow, repeatWindow = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local maxLockout, lease, lockTtl, keptLockouts = tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12], tonumber(ARGV[13])

local function load(key)
  local raw = redis.call('GET', key)
  if raw then return cjson.decode(raw) end
  return {}
end
local function after(list, since)
  local kept = {}
  if type(list) == 'table' then
    for _, at in ipairs(list) do if at > since then kept[#kept + 1] = at end end
  end
  return kept
end
local function secondsUntil(t) return math.max(1, math.ceil((t - now) / 1000)) end

local lock = load(KEYS[1])
lock.failures = after(lock.failures, now - failureWindow)
lock.lockouts = after(lock.lockouts, now - repeatWindow)
lock.lockedUntil = tonumber(lock.lockedUntil) or 0
if lock.lockedUntil <= now then lock.lockedUntil = 0 end
local inflight, inflightCount = {}, 0
if type(lock.inflight) == 'table' then
  for rid, leaseEnd in pairs(lock.inflight) do
    if leaseEnd > now then inflight[rid] = leaseEnd; inflightCount = inflightCount + 1 end
  end
end
lock.inflight = inflight
local function saveLock() redis.call('SET', KEYS[1], cjson.encode(lock), 'PX', lockTtl) end

if op == 'reserve' or op == 'attempt' then
  if lock.lockedUntil > now then return {0, secondsUntil(lock.lockedUntil), 'LOCKED_OUT'} end
  local site = load(KEYS[2])
  local allowed = max - #lock.failures
  if #after(site.failures, now - siteWindow) >= budget then allowed = 1 end
  if inflightCount >= allowed then return {0, 1, 'BUSY'} end
  -- attempt: read the PIN entry (KEYS[3], absent when the cache may not be read); when it is
  -- ACTIVE and not pending the slot goes back in this same step, so it is never stored, and the
  -- grants entry (ARGV[14] .. userId .. ARGV[15]) is read too
  local pin = false
  if op == 'attempt' and KEYS[3] then pin = redis.call('GET', KEYS[3]) end
  if pin then
    local ok, entry = pcall(cjson.decode, string.sub(pin, (string.find(pin, '|', 1, true) or 0) + 1))
    if ok and type(entry) == 'table' and entry.status == 'ACTIVE' and entry.pending ~= true and type(entry.userId) == 'string' then
      return {2, pin, redis.call('GET', ARGV[14] .. entry.userId .. ARGV[15])}
    end
  end
  lock.inflight[id] = now + lease
  saveLock()
  return {1, pin}
end

if op == 'release' then
  lock.inflight[id] = nil
  saveLock()
  return {1}
end

-- fail
lock.inflight[id] = nil
local site = load(KEYS[2])
local siteFailures = after(site.failures, now - siteWindow)
local siteSpent = #siteFailures >= budget
siteFailures[#siteFailures + 1] = now
while #siteFailures > budget do table.remove(siteFailures, 1) end
site.failures = siteFailures
redis.call('SET', KEYS[2], cjson.encode(site), 'PX', math.ceil(siteWindow))
if lock.lockedUntil > now then
  saveLock()
  return {0, secondsUntil(lock.lockedUntil)}
end
lock.failures[#lock.failures + 1] = now
if #lock.failures < max and not siteSpent then
  saveLock()
  return {0, 0}
end
lock.lockouts[#lock.lockouts + 1] = now
while #lock.lockouts > keptLockouts do table.remove(lock.lockouts, 1) end
local seconds = math.min(maxLockout, lockoutSeconds * 2 ^ (#lock.lockouts - 1))
lock.lockedUntil = now + seconds * 1000
lock.failures = {}
saveLock()
return {1, seconds}
`);

/** Where `attempt` reads the cache entries (full Redis keys). */
export interface AttemptReads {
  pinKey: string;
  grantsKeyPrefix: string;
  grantsKeySuffix: string;
}

export type AttemptReply =
  | (ReserveResult & { ok: false })
  | { ok: true; reservation: LockoutReservation; released: boolean; pin: string | null; grants: string | null };

export interface RedisLockoutOptions {
  client: RedisClient;
  /** Key prefix. Default 'pg'. */
  prefix?: string;
  timings?: Partial<LockoutTimings>;
  now?: () => number;
  /** A call without a reply after this long fails with StoreUnavailableError. Default 1000 ms. */
  timeoutMs?: number;
}

/**
 * LockoutCounters on Redis, shared by every API node. Rejects with StoreUnavailableError at once
 * when Redis cannot answer: wrap it in FallbackLockoutCounters.
 */
export class RedisLockoutCounters implements LockoutCounters {
  private readonly client: RedisClient;
  private readonly prefix: string;
  private readonly timings: LockoutTimings;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  /** ARGV[7..13] of the script: the same for every call. */
  private readonly timingArgs: string[];

  constructor(options: RedisLockoutOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? 'pg';
    this.timings = { ...defaultLockoutTimings, ...options.timings };
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    const t = this.timings;
    const lockTtl = Math.ceil(Math.max(t.failureWindowMs, t.repeatWindowMs, t.reservationLeaseMs, t.maxLockoutSeconds * 1000));
    this.timingArgs = [t.failureWindowMs, t.siteWindowMs, t.repeatWindowMs, t.maxLockoutSeconds, t.reservationLeaseMs, lockTtl, MAX_LOCKOUTS_KEPT].map(String);
  }

  async reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult> {
    const id = randomUUID();
    const reply = (await this.run('reserve', key, policy, id)) as [number, number?, string?];
    if (reply[0] === 1) return { ok: true, reservation: { id, siteId: key.siteId, lockId: key.lockId, policy } };
    return refusal(reply);
  }

  /**
   * `reserve`, and in the same round trip what AccessAttempts reads after it: the raw cache entry
   * at `reads.pinKey`; when that entry is ACTIVE and not pending, the slot goes back at once
   * (`released`) and the raw entry at `reads.grantsKeyPrefix + userId + reads.grantsKeySuffix` is
   * read as well. Without `reads`, only the reservation.
   */
  async attempt(key: LockoutKey, policy: LockoutPolicy, reads: AttemptReads | null): Promise<AttemptReply> {
    const id = randomUUID();
    const extra = reads ? { keys: [reads.pinKey], args: [reads.grantsKeyPrefix, reads.grantsKeySuffix] } : undefined;
    const reply = (await this.run('attempt', key, policy, id, extra)) as [number, (number | string | null)?, (string | null)?];
    if (reply[0] === 0) return refusal(reply as [number, number?, string?]);
    const reservation = { id, siteId: key.siteId, lockId: key.lockId, policy };
    return { ok: true, reservation, released: reply[0] === 2, pin: (reply[1] as string | null | undefined) ?? null, grants: reply[2] ?? null };
  }

  async release(r: LockoutReservation): Promise<void> {
    await this.run('release', r, r.policy, r.id);
  }

  async fail(r: LockoutReservation): Promise<FailResult> {
    const [started, seconds] = (await this.run('fail', r, r.policy, r.id)) as [number, number];
    if (started === 1) return { lockoutStarted: true, retryAfterSeconds: Number(seconds) };
    return seconds > 0 ? { lockoutStarted: false, retryAfterSeconds: Number(seconds) } : { lockoutStarted: false };
  }

  private run(op: 'reserve' | 'attempt' | 'release' | 'fail', key: LockoutKey, policy: LockoutPolicy, id: string, extra?: { keys: string[]; args: string[] }): Promise<unknown> {
    const p = normalizePolicy(policy);
    const tag = `${this.prefix}:lo:{${key.siteId}}`;
    const keys = [`${tag}:lock:${key.lockId}`, `${tag}:site`];
    const args = [op, String(this.now()), id, String(p.maxFailedAttempts), String(p.lockoutSeconds), String(p.siteFailureBudget), ...this.timingArgs];
    if (extra) {
      keys.push(...extra.keys);
      args.push(...extra.args);
    }
    return guard(() => script.run(this.client, keys, args), this.timeoutMs);
  }
}

const refusal = (reply: [number, number?, string?]): ReserveResult & { ok: false } => ({
  ok: false,
  retryAfterSeconds: Number(reply[1]),
  reason: reply[2] === 'BUSY' ? 'BUSY' : 'LOCKED_OUT',
});
