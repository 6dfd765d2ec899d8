import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../../bots/bridge/api.client';
import { seal, storageKey } from '../../bots/bridge/data.crypto';
import { DataDir } from '../../bots/bridge/data.dir';
import type { OfflineRecord } from '../../bots/bridge/decision.queue';
import { Door } from '../../bots/bridge/offline.door';
import type { DoorLockout } from '../../bots/bridge/offline.lockout';
import type { Replica } from '../../bots/bridge/replica.model';
import { ReplicaSync } from '../../bots/bridge/replica.sync';
import type { AccessClient } from '../../bots/bridge/access.client';
import type { LockPin } from './site.seeder';

const TYPENAME = '{ __typename }';
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function quantiles(ms: number[]): { p50Ms: number; p99Ms: number; maxMs: number; samples: number } {
  const s = [...ms].sort((x, y) => x - y);
  const at = (q: number) => (s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]);
  return { p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(at(1)), samples: s.length };
}

const elapsedMs = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/** A bridge's data dir of its own (temp folder, removed by `remove`). */
export interface BenchBridge {
  dir: string;
  data: DataDir;
  replica: Replica | null;
  remove(): void;
}

export function benchBridge(token: string): BenchBridge {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-bridge-'));
  const bridge: BenchBridge = {
    dir,
    data: new DataDir(path.join(dir, 'data'), token),
    replica: null,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  return bridge;
}

export interface ReplicaSyncResult {
  /** Seconds from the first request (bridgeKey) until the replica of the final page was sealed on disk. */
  seconds: number;
  targetSeconds: number;
  users: number;
  pins: number;
  pinsWithVerifier: number;
  pages: number;
  pageSize: number;
  replicaBytes: number;
  /** Baseline of the same run: sequential `{ __typename }` over the same client, bridge token. */
  baselineTypenameP50Ms: number;
  /** The sync in `{ __typename }` round trips: seconds * 1000 / baseline p50. */
  ratioToTypename: number;
}

/**
 * (f) A replica synced from scratch by the bridge's own sync code (bots/bridge/replica.sync.ts)
 * through the API over HTTP, into a sealed data dir as the bridge keeps it. The baseline is the
 * p50 of sequential `{ __typename }` requests over the same client, measured just before.
 */
export async function replicaSyncPhase(opts: { url: string; bridgeToken: string; bridge: BenchBridge; pageSize?: number }): Promise<ReplicaSyncResult> {
  const pageSize = opts.pageSize ?? 500;
  let pages = 0;
  const client = new ApiClient([opts.url], opts.bridgeToken, { onAnswer: () => void pages++ });
  const baseline: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(opts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.bridgeToken}` },
      body: JSON.stringify({ query: TYPENAME }),
    });
    await res.text();
    if (i >= 20) baseline.push(elapsedMs(t));
  }
  const bridge = opts.bridge;
  bridge.replica = null;
  const sync = new ReplicaSync({
    api: client,
    pageSize,
    timeoutMs: 60_000,
    holder: {
      current: () => bridge.replica,
      save: (next) => {
        bridge.data.replica.write(next);
        bridge.replica = next;
      },
    },
  });
  pages = 0;
  const started = process.hrtime.bigint();
  await sync.sync();
  const ms = elapsedMs(started);
  const replica = bridge.replica as Replica | null;
  if (!replica?.cursor) throw new Error('the replica sync finished without a cursor');
  const entries = Object.values(replica.entries);
  const pins = entries.flatMap((e) => e.pins);
  const typename = quantiles(baseline).p50Ms;
  return {
    seconds: round(ms / 1000, 2),
    targetSeconds: 10,
    users: entries.length,
    pins: pins.length,
    pinsWithVerifier: pins.filter((p) => p.verifier !== null).length,
    // Every answer but the bridgeKey one is a page.
    pages: pages - 1,
    pageSize,
    replicaBytes: fs.statSync(path.join(bridge.dir, 'data', 'replica.bin')).size,
    baselineTypenameP50Ms: typename,
    ratioToTypename: typename > 0 ? round(ms / typename, 1) : 0,
  };
}

export interface OfflineDecisionResult {
  /** Full decision: verifier, lookup in the replica, rules, queue append with fsync. */
  withFsync: { p50Ms: number; p99Ms: number; maxMs: number; samples: number };
  /** The same, the queue line written and closed but not fsynced. */
  withoutFsync: { p50Ms: number; p99Ms: number; maxMs: number; samples: number };
  /** Baseline of the same run, same folder: open, write 1 byte, fsync, close. */
  baselineFsync1Byte: { p50Ms: number; p99Ms: number; maxMs: number; samples: number };
  targetP50Ms: number;
  replicaUsers: number;
  granted: number;
  /** withFsync.p50 / baseline p50, withFsync.p99 / baseline p99; and the same without fsync. */
  ratioToFsync: { p50: number; p99: number };
  ratioToFsyncWithoutFsync: { p50: number; p99: number };
}

const offlineOnly = {
  check: () => Promise.reject(new Error('the benchmark decides offline only')),
} as unknown as AccessClient;

/**
 * (g) Offline decisions at the bridge with its replica: `Door.offline` (the bridge's engine: the
 * verifier of the typed digits under K_b, lookup, the door rules, the sealed queue append), each
 * timed alone, over (lock, PIN) pairs that are GRANTED. Then the same with a queue that writes
 * the same sealed line without fsync, and an fsync of a 1-byte file in the same folder as the
 * baseline. Alternated in blocks so a burst elsewhere on the machine touches all three.
 */
export function offlineDecisionPhase(opts: { bridge: BenchBridge; bridgeToken: string; pairs: readonly LockPin[]; decisions?: number }): OfflineDecisionResult {
  const { bridge } = opts;
  const replica = bridge.replica;
  if (!replica) throw new Error('offline decisions need a synced replica');
  const n = opts.decisions ?? 2000;
  const key = storageKey(opts.bridgeToken);
  const lockouts: { read(): Record<string, DoorLockout>; write(v: Record<string, DoorLockout>): void } = {
    read: () => ({}),
    write: () => undefined,
  };
  const unsyncedFile = path.join(bridge.dir, 'decisions-unsynced.log');
  const unsynced = {
    append(record: OfflineRecord): void {
      const line = `${seal(key, 'queue', Buffer.from(JSON.stringify(record), 'utf8')).toString('base64url')}\n`;
      const fd = fs.openSync(unsyncedFile, 'a', 0o600);
      try {
        fs.writeSync(fd, line);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
  const doors = new Map<string, { durable: Door; unsynced: Door }>();
  const doorOf = (lockId: string) => {
    let d = doors.get(lockId);
    if (!d) {
      const base = { lockId, access: offlineOnly, replica: () => replica, lockouts };
      d = { durable: new Door({ ...base, queue: bridge.data.queue }), unsynced: new Door({ ...base, queue: unsynced }) };
      doors.set(lockId, d);
    }
    return d;
  };
  const probe = path.join(bridge.dir, 'fsync-probe');
  const one = Buffer.from([1]);
  const fsyncOnce = () => {
    const fd = fs.openSync(probe, 'w', 0o600);
    try {
      fs.writeSync(fd, one);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  };

  const durable: number[] = [];
  const loose: number[] = [];
  const fsyncs: number[] = [];
  let granted = 0;
  const warm = Math.min(50, opts.pairs.length);
  for (let i = 0; i < warm; i++) {
    doorOf(opts.pairs[i].lockId).unsynced.offline(opts.pairs[i].pin);
    fsyncOnce();
  }
  const BLOCK = 50;
  for (let done = 0; done < n; done += BLOCK) {
    const count = Math.min(BLOCK, n - done);
    for (let k = 0; k < count; k++) {
      const pair = opts.pairs[(done + k) % opts.pairs.length];
      const door = doorOf(pair.lockId);
      let t = process.hrtime.bigint();
      const answer = door.durable.offline(pair.pin);
      durable.push(elapsedMs(t));
      if (answer === 'OPEN (offline)') granted++;
      t = process.hrtime.bigint();
      door.unsynced.offline(pair.pin);
      loose.push(elapsedMs(t));
      t = process.hrtime.bigint();
      fsyncOnce();
      fsyncs.push(elapsedMs(t));
    }
  }
  const withFsync = quantiles(durable);
  const withoutFsync = quantiles(loose);
  const baseline = quantiles(fsyncs);
  const ratio = (x: number, y: number) => (y > 0 ? round(x / y, 2) : 0);
  return {
    withFsync,
    withoutFsync,
    baselineFsync1Byte: baseline,
    targetP50Ms: 5,
    replicaUsers: Object.keys(replica.entries).length,
    granted,
    ratioToFsync: { p50: ratio(withFsync.p50Ms, baseline.p50Ms), p99: ratio(withFsync.p99Ms, baseline.p99Ms) },
    ratioToFsyncWithoutFsync: { p50: ratio(withoutFsync.p50Ms, baseline.p50Ms), p99: ratio(withoutFsync.p99Ms, baseline.p99Ms) },
  };
}
