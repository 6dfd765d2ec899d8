import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AccessClient } from '../../bots/bridge/access.client';
import { verifierOf } from '../../bots/bridge/data.crypto';
import { DataDir } from '../../bots/bridge/data.dir';
import { attemptOffline } from '../../bots/bridge/offline.decision';
import { Door } from '../../bots/bridge/offline.door';
import { countFailure, lockedOutFor, MAX_LOCKOUT_SECONDS, openDoor, type DoorLockout } from '../../bots/bridge/offline.lockout';
import type { Replica } from '../../bots/bridge/replica.model';
import { freePort } from '../support/free-port';

const POLICY = { offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60 };
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 28, 9);

/** Fails `n` times at `at`, `at + step`, ...; returns the state and the lockouts started. */
function fail(state: DoorLockout, n: number, at: number, step = 1000): { state: DoorLockout; started: number[] } {
  const started: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = countFailure(state, POLICY, at + i * step);
    state = out.state;
    if (out.started) started.push(out.started.seconds);
  }
  return { state, started };
}

describe('offline lockout counters', () => {
  it('lock a door after 3 failures within 10 minutes, for 60 s', () => {
    const { state, started } = fail(openDoor(), 3, T0);
    expect(started).toEqual([60]);
    expect(lockedOutFor(state, T0 + 2000)).toBe(60);
    expect(lockedOutFor(state, T0 + 2000 + 59_500)).toBe(1);
    expect(lockedOutFor(state, T0 + 2000 + 60_000)).toBeNull();
  });

  it('forget failures older than 10 minutes', () => {
    // Failures at 0, 6, 12 and 18 min: never 3 within 10 minutes.
    const { state, started } = fail(openDoor(), 4, T0, 6 * MIN);
    expect(started).toEqual([]);
    expect(state.failures).toEqual([T0 + 12 * MIN, T0 + 18 * MIN]);
    expect(fail(state, 1, T0 + 20 * MIN).started).toEqual([60]);
  });

  it('double each lockout within 24 h of the last ones, capped at 24 h, and start again at 60 s after a quiet day', () => {
    let state = openDoor();
    const lengths: number[] = [];
    let t = T0;
    for (let i = 0; i < 14; i++) {
      const out = fail(state, 3, t);
      state = out.state;
      lengths.push(...out.started);
      t += Math.min(out.started[0], 3600) * 1000 + 5000;
    }
    expect(lengths.slice(0, 6)).toEqual([60, 120, 240, 480, 960, 1920]);
    expect(Math.max(...lengths)).toBe(MAX_LOCKOUT_SECONDS);
    expect(lengths.at(-1)).toBe(MAX_LOCKOUT_SECONDS);
    const later = fail(state, 3, t + 25 * 3600_000);
    expect(later.started).toEqual([60]);
  });

  it('are kept by a failure of the policy’s own numbers', () => {
    const out = countFailure(openDoor(), { offlineMaxFailedAttempts: 1, offlineLockoutSeconds: 10 }, T0);
    expect(out.started).toEqual({ failedAttempts: 1, seconds: 10 });
  });
});

describe('the offline door', () => {
  let root: string;
  const token = 'pgt_offline_door_test_token_abcdefghijklmnopqrstuvwxyz';
  const lockId = '11111111-1111-4111-8111-111111111111';
  const siteId = '33333333-3333-4333-8333-333333333333';
  const bridgeKey = Buffer.alloc(32, 9).toString('base64url');
  const digits = '583920';
  const now = new Date(T0);
  const replica: Replica = {
    key: { tokenId: '22222222-2222-4222-8222-222222222222', siteId, key: bridgeKey, keyVersion: 1, lockIds: [lockId] },
    cursor: '7',
    syncedAt: T0 - 3600_000,
    policy: { timezone: 'Europe/Madrid', offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60, offlineGraceHours: 72 },
    locks: [{ id: lockId, pinEnabled: true }],
    entries: {
      u1: {
        userId: '44444444-4444-4444-8444-444444444444',
        pins: [{ id: '55555555-5555-4555-8555-555555555555', kind: 'AUTO', status: 'ACTIVE', verifier: verifierOf(bridgeKey, siteId, digits) }],
        permissions: [{ lockId, schedule: null, validFrom: null, validUntil: null }],
      },
    },
  };

  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-door-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function door(withReplica: Replica | null): Promise<{ door: Door; data: DataDir }> {
    const data = new DataDir(root, token);
    const url = `http://127.0.0.1:${await freePort()}/graphql`; // nothing listens: PinGate is unreachable
    let lockouts = data.lockouts.read() ?? {};
    const d = new Door({
      lockId,
      access: new AccessClient([url], token, lockId, 300),
      replica: () => withReplica,
      queue: data.queue,
      lockouts: { read: () => lockouts, write: (v) => (data.lockouts.write(v), (lockouts = v)) },
      now: () => now,
    });
    return { door: d, data };
  }

  it('decides from the replica when PinGate is unreachable and queues each decision before answering', async () => {
    const { door: d, data } = await door(replica);
    expect(await d.answer(digits)).toBe('OPEN (offline)');
    expect(data.queue.pending()).toEqual([
      expect.objectContaining({ lockId, type: 'ACCESS_GRANTED', reason: 'GRANTED', pinId: replica.entries.u1.pins[0].id, userId: replica.entries.u1.userId, at: now.toISOString() }),
    ]);
    expect(await d.answer('000001')).toBe('DENIED (INVALID_PIN) (offline)');
    expect(data.queue.pending()).toHaveLength(2);
  });

  it('refuses everyone without a replica or past the grace hours (REPLICA_STALE), without counting failures', async () => {
    expect(await (await door(null)).door.answer(digits)).toBe('DENIED (REPLICA_STALE) (offline)');
    const stale = { ...replica, syncedAt: T0 - 72 * 3600_000 - 1 };
    const { door: d, data } = await door(stale);
    for (let i = 0; i < 4; i++) expect(await d.answer(digits)).toBe('DENIED (REPLICA_STALE) (offline)');
    expect(data.lockouts.read()?.[lockId]?.lockedUntil ?? null).toBeNull();
    const atEdge = { ...replica, syncedAt: T0 - 72 * 3600_000 };
    expect(attemptOffline(atEdge, lockId, verifierOf(bridgeKey, siteId, digits), undefined, now).verdict.reason).toBe('GRANTED');
  });

  it('locks out after 3 failures, queues LOCKOUT_STARTED, and keeps the lockout across a restart', async () => {
    const first = await door(replica);
    for (const wrong of ['111112', '111113', '111114']) expect(await first.door.answer(wrong)).toBe('DENIED (INVALID_PIN) (offline)');
    expect(await first.door.answer(digits)).toBe('DENIED (LOCKED_OUT, retry in 60 s) (offline)');
    expect(first.data.queue.pending().map((r) => `${r.type}:${r.reason ?? r.failedAttempts}`)).toEqual([
      'ACCESS_DENIED:INVALID_PIN',
      'ACCESS_DENIED:INVALID_PIN',
      'ACCESS_DENIED:INVALID_PIN',
      'LOCKOUT_STARTED:3',
      'ACCESS_DENIED:LOCKED_OUT',
    ]);
    const restarted = await door(replica);
    expect(await restarted.door.answer(digits)).toBe('DENIED (LOCKED_OUT, retry in 60 s) (offline)');
    expect(restarted.data.queue.pending()).toHaveLength(6);
  });

  it('leaves no digits in any file of the data dir', async () => {
    const { door: d } = await door(replica);
    const typed = [digits, '111112', '987654', '246813', digits];
    for (const pin of typed) await d.answer(pin);
    for (const f of fs.readdirSync(root)) {
      const text = fs.readFileSync(path.join(root, f)).toString('latin1');
      for (const pin of typed) expect(text).not.toContain(pin);
    }
  });
});
