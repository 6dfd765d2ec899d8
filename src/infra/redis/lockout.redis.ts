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
  type LockoutLedger,
  type LockoutPolicy,
  type LockoutReservation,
  type LockoutTimings,
  type LockStatus,
  type ReserveResult,
  type SiteLockoutStatus,
} from '../../modules/access/lockout.port';
import { MAX_LOCKOUTS_KEPT, normalizePolicy, parseLockState, parseSiteState } from '../../modules/access/lockout.rules';
import { isStoreUnavailable, StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { RedisClient } from './redis.client';
import { DEFAULT_REDIS_TIMEOUT_MS, guard, RedisScript } from './redis.script';

const script = new RedisScript(`
local op, now, id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local max, lockoutSeconds, budget = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local failureWindow, siteWindow, repeatWindow = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])
local maxLockout, lease, lockTtl, keptLockouts = tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12], tonumber(ARGV[13])
-- the ledger generation the caller knows (reserve, attempt) or merges (merge), -1 without a
-- ledger; and the run_id of this server as the caller read it: a lock merged on another run (a
-- restart from an old snapshot, a failover) merges again
local generation, run = tonumber(ARGV[14]), ARGV[15]
-- the daily stages: the daily budget, the lockdown budget beyond it, the daily window
local dailyBudget, lockdownBudget, dailyWindow = tonumber(ARGV[16]), tonumber(ARGV[17]), tonumber(ARGV[18])
local lockdownAt = dailyBudget + lockdownBudget

local function decode(raw)
  if raw then
    local ok, value = pcall(cjson.decode, raw)
    if ok and type(value) == 'table' then return value end
  end
  return {}
end
local function after(list, since)
  local kept = {}
  if type(list) == 'table' then
    for _, at in ipairs(list) do if at > since then kept[#kept + 1] = at end end
  end
  return kept
end
-- a and b as one record: each time as often as the list holding it more often has it; ascending
local function union(a, b)
  local counts, other, all = {}, {}, {}
  for _, at in ipairs(a) do counts[at] = (counts[at] or 0) + 1 end
  for _, at in ipairs(b) do other[at] = (other[at] or 0) + 1 end
  for at, n in pairs(other) do if n > (counts[at] or 0) then counts[at] = n end end
  for at, n in pairs(counts) do for _ = 1, n do all[#all + 1] = at end end
  table.sort(all)
  return all
end
local function trim(list, keep)
  while #list > keep do table.remove(list, 1) end
  return list
end
local function secondsUntil(t) return math.max(1, math.ceil((t - now) / 1000)) end

local rawLock = redis.call('GET', KEYS[1])
local lock = decode(rawLock)
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

-- the site's state, pruned as pruneSite of lockout.rules.ts does
local site = decode(redis.call('GET', KEYS[2]))
site.failures = after(site.failures, now - siteWindow)
site.daily = after(site.daily, now - dailyWindow)
site.hardenedUntil = tonumber(site.hardenedUntil) or 0
if site.hardenedUntil <= now then site.hardenedUntil = 0 end
site.lockedDownUntil = tonumber(site.lockedDownUntil) or 0
if site.lockedDownUntil <= now then site.lockedDownUntil = 0 end
local siteInflight, siteInflightCount = {}, 0
if type(site.inflight) == 'table' then
  for rid, leaseEnd in pairs(site.inflight) do
    if leaseEnd > now then siteInflight[rid] = leaseEnd; siteInflightCount = siteInflightCount + 1 end
  end
end
site.inflight = siteInflight
local function saveSite()
  local json = cjson.encode(site)
  redis.call('SET', KEYS[2], json, 'PX', math.ceil(math.max(siteWindow, dailyWindow, lease)))
  return json
end
-- the end of the last stage, or 0 (lockdownEnd of lockout.rules.ts)
local function lockdownEnd()
  if site.lockedDownUntil > now then return site.lockedDownUntil end
  if #site.daily >= lockdownAt then return math.max(site.hardenedUntil, site.daily[#site.daily - lockdownAt + 1] + dailyWindow) end
  return 0
end

if op == 'status' then
  local shutUntil = math.max(lock.lockedUntil, site.lockedDownUntil)
  return {shutUntil, #lock.failures}
end
if op == 'sitestatus' then
  local down = lockdownEnd()
  return {math.max(site.hardenedUntil, down), down, #site.daily}
end
if op == 'clearlock' then
  lock.failures, lock.lockouts, lock.lockedUntil = {}, {}, 0
  saveLock()
  return {1}
end
if op == 'clearsite' then
  site.daily, site.hardenedUntil, site.lockedDownUntil = {}, 0, 0
  saveSite()
  return {1}
end

-- merge: the ledger's state of the lock (ARGV[19]) and site (ARGV[20]) into ours, as
-- mergeLockState and mergeSiteState of lockout.rules.ts do; the lock remembers generation and run
if op == 'merge' then
  local other, otherSite = decode(ARGV[19]), decode(ARGV[20])
  lock.lockouts = trim(union(lock.lockouts, after(other.lockouts, now - repeatWindow)), keptLockouts)
  local otherUntil = tonumber(other.lockedUntil) or 0
  if otherUntil > lock.lockedUntil and otherUntil > now then lock.lockedUntil = otherUntil end
  local lastStart = lock.lockouts[#lock.lockouts] or 0
  lock.failures = trim(after(union(lock.failures, after(other.failures, now - failureWindow)), lastStart), max - 1)
  if lock.run ~= run then lock.generation = -1 end
  lock.generation = math.max(tonumber(lock.generation) or -1, generation)
  lock.run = run
  saveLock()
  site.failures = trim(union(site.failures, after(otherSite.failures, now - siteWindow)), budget)
  site.daily = trim(union(site.daily, after(otherSite.daily, now - dailyWindow)), lockdownAt)
  local otherHardened, otherDown = tonumber(otherSite.hardenedUntil) or 0, tonumber(otherSite.lockedDownUntil) or 0
  if otherHardened > site.hardenedUntil and otherHardened > now then site.hardenedUntil = otherHardened end
  if otherDown > site.lockedDownUntil and otherDown > now then site.lockedDownUntil = otherDown end
  if #site.failures > 0 or #site.daily > 0 or site.hardenedUntil > 0 then saveSite() end
  return {1}
end

if op == 'reserve' or op == 'attempt' then
  -- the ledger counted failures since this lock last merged, or this lock's state is gone
  if generation >= 0 and (not rawLock or lock.run ~= run or (tonumber(lock.generation) or -1) < generation) then return {3} end
  local down = lockdownEnd()
  if down > now then return {0, secondsUntil(down), 'LOCKED_OUT'} end
  if lock.lockedUntil > now then return {0, secondsUntil(lock.lockedUntil), 'LOCKED_OUT'} end
  local allowed = max - #lock.failures
  if #site.failures >= budget or site.hardenedUntil > now then allowed = 1 end
  if inflightCount >= allowed then return {0, 1, 'BUSY'} end
  -- attempts in flight count against the daily ceiling
  if #site.daily + siteInflightCount >= lockdownAt then return {0, 1, 'BUSY'} end
  -- attempt: read the PIN entry (KEYS[3], absent when the cache may not be read); when it is
  -- ACTIVE and not pending the slot goes back in this same step, so it is never stored, and the
  -- grants entry (ARGV[19] .. userId .. ARGV[20]) is read too
  local pin = false
  if op == 'attempt' and KEYS[3] then pin = redis.call('GET', KEYS[3]) end
  if pin then
    local ok, entry = pcall(cjson.decode, string.sub(pin, (string.find(pin, '|', 1, true) or 0) + 1))
    if ok and type(entry) == 'table' and entry.status == 'ACTIVE' and entry.pending ~= true and type(entry.userId) == 'string' then
      return {2, pin, redis.call('GET', ARGV[19] .. entry.userId .. ARGV[20])}
    end
  end
  lock.inflight[id] = now + lease
  site.inflight[id] = now + lease
  saveLock()
  saveSite()
  return {1, pin}
end

if op == 'release' then
  lock.inflight[id] = nil
  site.inflight[id] = nil
  saveLock()
  saveSite()
  return {1}
end

-- fail: the reply holds the lock's and the site's state, for the ledger, and the hardening
lock.inflight[id] = nil
site.inflight[id] = nil
local siteSpent = #site.failures >= budget
site.failures[#site.failures + 1] = now
trim(site.failures, budget)
site.daily[#site.daily + 1] = now
trim(site.daily, lockdownAt)
local hardens = site.hardenedUntil <= now and #site.daily >= dailyBudget
if hardens then site.hardenedUntil = now + dailyWindow end
if #site.daily >= lockdownAt then site.lockedDownUntil = math.max(site.lockedDownUntil, site.hardenedUntil, now + 1) end
local siteJson = saveSite()
local hardening = {0, 0, 0}
if hardens then hardening = {1, site.hardenedUntil, #site.daily} end
local function saved(started, seconds)
  local lockJson = cjson.encode(lock)
  redis.call('SET', KEYS[1], lockJson, 'PX', lockTtl)
  return {started, seconds, lockJson, siteJson, hardening[1], hardening[2], hardening[3]}
end
if lock.lockedUntil > now then return saved(0, secondsUntil(lock.lockedUntil)) end
lock.failures[#lock.failures + 1] = now
local hardened = site.hardenedUntil > now
if #lock.failures < max and not siteSpent and not hardened then return saved(0, 0) end
lock.lockouts[#lock.lockouts + 1] = now
trim(lock.lockouts, keptLockouts)
local seconds = math.min(maxLockout, lockoutSeconds * 2 ^ (#lock.lockouts - 1))
lock.lockedUntil = now + seconds * 1000
if hardened then lock.lockedUntil = math.max(site.hardenedUntil, lock.lockedUntil) end
lock.failures = {}
return saved(1, secondsUntil(lock.lockedUntil))
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
  /**
   * The durable record under these counters (the database), shared by every node: each failure's
   * outcome is written through to it before `fail` answers, and a lock whose state it counted on
   * while Redis was unavailable (or whose state Redis lost) is merged from it before Redis decides
   * for that lock again. Without one, Redis alone holds the state.
   */
  ledger?: LockoutLedger;
  /** Called when a failure could not be written through to the ledger (it is still answered). */
  onLedgerError?: (err: unknown) => void;
  /**
   * With a ledger: the Redis server's run_id, or null while it is not known (calls then fail with
   * StoreUnavailableError). A lock merged under another run_id merges again, so a Redis restarted
   * from an old snapshot or failed over cannot answer from lockout state older than the ledger's.
   */
  runId?: () => string | null;
}

/** Status reads and clears depend on no policy count that matters; normalizePolicy fills the defaults. */
const DEFAULT_POLICY: LockoutPolicy = { maxFailedAttempts: 5, lockoutSeconds: 60, siteFailureBudget: 20, dailyFailureBudget: 50, siteLockdownBudget: 50 };

/** A merge answered by another merge request: another node keeps raising the generation. Give up after this many. */
const MAX_MERGES = 3;

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
  private readonly ledger: LockoutLedger | null;
  private readonly onLedgerError: (err: unknown) => void;
  private readonly runId: () => string | null;
  /** ARGV[7..13] of the script: the same for every call. */
  private readonly timingArgs: string[];

  constructor(options: RedisLockoutOptions) {
    this.client = options.client;
    this.prefix = options.prefix ?? 'pg';
    this.timings = { ...defaultLockoutTimings, ...options.timings };
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
    this.ledger = options.ledger ?? null;
    this.onLedgerError = options.onLedgerError ?? (() => undefined);
    this.runId = options.runId ?? (() => '');
    const t = this.timings;
    const lockTtl = Math.ceil(Math.max(t.failureWindowMs, t.repeatWindowMs, t.reservationLeaseMs, t.maxLockoutSeconds * 1000));
    this.timingArgs = [t.failureWindowMs, t.siteWindowMs, t.repeatWindowMs, t.maxLockoutSeconds, t.reservationLeaseMs, lockTtl, MAX_LOCKOUTS_KEPT].map(String);
  }

  async reserve(key: LockoutKey, policy: LockoutPolicy): Promise<ReserveResult> {
    const id = randomUUID();
    const reply = (await this.decide('reserve', key, policy, id)) as [number, number?, string?];
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
    const reply = (await this.decide('attempt', key, policy, id, extra)) as [number, (number | string | null)?, (string | null)?];
    if (reply[0] === 0) return refusal(reply as [number, number?, string?]);
    const reservation = { id, siteId: key.siteId, lockId: key.lockId, policy };
    return { ok: true, reservation, released: reply[0] === 2, pin: (reply[1] as string | null | undefined) ?? null, grants: reply[2] ?? null };
  }

  async release(r: LockoutReservation): Promise<void> {
    await this.run('release', r, r.policy, r.id, -1);
  }

  async fail(r: LockoutReservation): Promise<FailResult> {
    const reply = (await this.run('fail', r, r.policy, r.id, -1)) as [number, number, string, string, number, number, number];
    const [started, seconds, lock, site, hardened, hardenedUntil, failures24h] = reply;
    if (this.ledger) {
      // Before the answer: once it says "locked out", the database must hold it too.
      await this.ledger.record(r, r.policy, parseLockState(JSON.parse(lock)), parseSiteState(JSON.parse(site))).catch(this.onLedgerError);
    }
    const hardening = hardened === 1 ? { siteHardened: true as const, hardenedUntil: Number(hardenedUntil), failures24h: Number(failures24h) } : {};
    if (started === 1) return { lockoutStarted: true, retryAfterSeconds: Number(seconds), ...hardening };
    return seconds > 0 ? { lockoutStarted: false, retryAfterSeconds: Number(seconds), ...hardening } : { lockoutStarted: false, ...hardening };
  }

  async status(key: LockoutKey): Promise<LockStatus> {
    const [until, failures] = (await this.run('status', key, DEFAULT_POLICY, '', -1)) as [number, number];
    const at = Number(until);
    return { lockedOut: at > 0, until: at > 0 ? at : null, failures: Number(failures) };
  }

  async siteStatus(siteId: string, policy: LockoutPolicy): Promise<SiteLockoutStatus> {
    const [hardenedUntil, downUntil, failures] = (await this.run('sitestatus', { siteId, lockId: '' }, policy, '', -1)) as [number, number, number];
    const now = this.now();
    const until = Number(hardenedUntil);
    return { hardened: until > now, hardenedUntil: until > now ? until : null, lockedDown: Number(downUntil) > now, failures24h: Number(failures) };
  }

  /** Clears in Redis and in the ledger, so that a switch between them does not bring the lockout back. */
  async clearLock(key: LockoutKey): Promise<void> {
    await this.run('clearlock', key, DEFAULT_POLICY, '', -1);
    await this.ledger?.clearLock(key);
  }

  async clearSite(siteId: string): Promise<void> {
    await this.run('clearsite', { siteId, lockId: '' }, DEFAULT_POLICY, '', -1);
    await this.ledger?.clearSite(siteId);
  }

  /** A reserve or attempt, merging the ledger's state of the lock first whenever the script asks for it (reply 3). */
  private async decide(op: 'reserve' | 'attempt', key: LockoutKey, policy: LockoutPolicy, id: string, extra?: { keys: string[]; args: string[] }): Promise<unknown[]> {
    const ledger = this.ledger;
    if (!ledger) return (await this.run(op, key, policy, id, -1, extra)) as unknown[];
    // No generation read for a call that cannot reach Redis anyway (the fallback answers it).
    if (!this.client.isReady) throw new StoreUnavailableError('redis');
    for (let merges = 0; ; merges++) {
      const generation = await ledger.generation();
      const run = this.runId();
      if (run === null) throw new StoreUnavailableError('redis', { cause: new Error('run_id not known yet') });
      const reply = (await this.run(op, key, policy, id, generation, extra, run)) as unknown[];
      if (reply[0] !== 3) return reply;
      if (merges === MAX_MERGES) throw new StoreUnavailableError('redis', { cause: new Error('the lockout ledger generation keeps moving') });
      const snapshot = await ledger.snapshot(key);
      await this.run('merge', key, policy, id, Math.max(generation, snapshot.generation), { keys: [], args: [JSON.stringify(snapshot.lock), JSON.stringify(snapshot.site)] }, run);
    }
  }

  private async run(
    op: 'reserve' | 'attempt' | 'release' | 'fail' | 'merge' | 'status' | 'sitestatus' | 'clearlock' | 'clearsite',
    key: LockoutKey,
    policy: LockoutPolicy,
    id: string,
    generation: number,
    extra?: { keys: string[]; args: string[] },
    run = '',
  ): Promise<unknown> {
    const p = normalizePolicy(policy);
    const tag = `${this.prefix}:lo:{${key.siteId}}`;
    const keys = [`${tag}:lock:${key.lockId}`, `${tag}:site`];
    const args = [
      op,
      String(this.now()),
      id,
      String(p.maxFailedAttempts),
      String(p.lockoutSeconds),
      String(p.siteFailureBudget),
      ...this.timingArgs,
      String(generation),
      run,
      String(p.dailyFailureBudget),
      String(p.siteLockdownBudget),
      String(this.timings.dailyWindowMs),
    ];
    if (extra) {
      keys.push(...extra.keys);
      args.push(...extra.args);
    }
    try {
      return await guard(() => script.run(this.client, keys, args), this.timeoutMs);
    } catch (err) {
      // What Redis holds from now on may miss what the database counts meanwhile.
      if (isStoreUnavailable(err)) this.ledger?.suspect();
      throw err;
    }
  }
}

const refusal = (reply: [number, number?, string?]): ReserveResult & { ok: false } => ({
  ok: false,
  retryAfterSeconds: Number(reply[1]),
  reason: reply[2] === 'BUSY' ? 'BUSY' : 'LOCKED_OUT',
});
