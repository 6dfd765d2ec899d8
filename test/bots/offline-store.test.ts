import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../bots/bridge/atomic.file';
import { StoreError, seal, storageKey, unseal, verifierOf } from '../../bots/bridge/data.crypto';
import { DataDir } from '../../bots/bridge/data.dir';
import { DecisionQueue, type OfflineRecord } from '../../bots/bridge/decision.queue';
import type { Replica } from '../../bots/bridge/replica.model';
import { BridgeKeys } from '../../src/modules/bridge/bridge-keys';

const TOKEN = 'pgt_bridge_token_for_the_store_tests_0123456789';
const LOCK = '11111111-1111-4111-8111-111111111111';

const replica = (): Replica => ({
  key: { tokenId: '22222222-2222-4222-8222-222222222222', siteId: '33333333-3333-4333-8333-333333333333', key: Buffer.alloc(32, 7).toString('base64url'), keyVersion: 1, lockIds: null },
  cursor: '42',
  syncedAt: Date.UTC(2026, 10, 28, 9),
  policy: { timezone: 'Europe/Madrid', offlineMaxFailedAttempts: 3, offlineLockoutSeconds: 60, offlineGraceHours: 72 },
  locks: [{ id: LOCK, pinEnabled: true }],
  entries: {},
});

const record = (i: number): OfflineRecord => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  lockId: LOCK,
  at: new Date(Date.UTC(2026, 10, 28, 9, i)).toISOString(),
  type: 'ACCESS_DENIED',
  reason: 'INVALID_PIN',
  pinId: null,
  userId: null,
  failedAttempts: null,
});

describe('the bridge data dir', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-store-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is created when missing, readable by its owner only, and its files too', () => {
    const dir = path.join(root, 'a', 'b');
    const data = new DataDir(dir, TOKEN);
    data.replica.write(replica());
    data.queue.append(record(1));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o077).toBe(0);
    fs.chmodSync(dir, 0o755);
    void new DataDir(dir, TOKEN);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps the replica with its cursor in one sealed file that round-trips and shows nothing in clear', () => {
    const data = new DataDir(root, TOKEN);
    expect(data.replica.read()).toBeNull();
    data.replica.write(replica());
    expect(new DataDir(root, TOKEN).replica.read()).toEqual(replica());
    const raw = fs.readFileSync(path.join(root, 'replica.bin'));
    for (const clear of [LOCK, 'Europe/Madrid', '"cursor"', replica().key!.key]) expect(raw.includes(Buffer.from(clear))).toBe(false);
  });

  it('replaces a file atomically: a crash before the rename leaves the old file whole, and no temporary file after a write', () => {
    const data = new DataDir(root, TOKEN);
    data.replica.write(replica());
    // A crash after the temporary file was written, before the rename: the stray file changes nothing.
    fs.writeFileSync(path.join(root, '.replica.bin.99999.deadbeef.tmp'), 'half a replica');
    expect(data.replica.read()).toEqual(replica());
    data.replica.write({ ...replica(), cursor: '43' });
    expect(data.replica.read()?.cursor).toBe('43');
    expect(fs.readdirSync(root).filter((f) => f.endsWith('.tmp') && !f.includes('99999'))).toEqual([]);
    writeFileAtomic(path.join(root, 'plain'), Buffer.from('x'));
    expect(fs.readFileSync(path.join(root, 'plain'), 'utf8')).toBe('x');
  });

  it('refuses an altered replica, a replica sealed under another token and a file of another purpose', () => {
    const data = new DataDir(root, TOKEN);
    data.replica.write(replica());
    data.lockouts.write({ [LOCK]: { failures: [1], lockedUntil: null, lockouts: [] } });
    const file = path.join(root, 'replica.bin');
    const good = fs.readFileSync(file);

    expect(() => new DataDir(root, `${TOKEN}x`).replica.read()).toThrow(StoreError);

    for (const at of [0, 5, 20, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x01;
      fs.writeFileSync(file, bad);
      expect(() => data.replica.read()).toThrow(StoreError);
    }
    fs.writeFileSync(file, good.subarray(0, 20));
    expect(() => data.replica.read()).toThrow(StoreError);
    fs.copyFileSync(path.join(root, 'lockout.bin'), file);
    expect(() => data.replica.read()).toThrow(/replica/);
  });

  it('seals under HKDF-SHA-256 of the token and computes verifiers as the server does', () => {
    const key = storageKey(TOKEN);
    expect(key).toHaveLength(32);
    expect(storageKey(TOKEN).equals(key)).toBe(true);
    expect(storageKey(`${TOKEN}x`).equals(key)).toBe(false);
    const sealed = seal(key, 'replica', Buffer.from('hello'));
    expect(seal(key, 'replica', Buffer.from('hello')).equals(sealed)).toBe(false); // fresh IV
    expect(unseal(key, 'replica', sealed).toString()).toBe('hello');
    expect(() => unseal(key, 'queue', sealed)).toThrow(StoreError);
    const k = Buffer.alloc(32, 1).toString('base64url');
    // HMAC-SHA-256(K_b, siteId + ":" + digits), base64url: 43 characters, keyed by site and digits.
    const server = new BridgeKeys({ current: 1, keys: new Map() } as never);
    expect(verifierOf(k, 'site', '123456')).toBe(server.verifier(Buffer.from(k, 'base64url'), 'site', '123456'));
    expect(verifierOf(k, 'site', '123456')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifierOf(k, 'site', '123456')).not.toBe(verifierOf(k, 'other', '123456'));
    expect(verifierOf(k, 'site', '123456')).not.toBe(verifierOf(Buffer.alloc(32, 2).toString('base64url'), 'site', '123456'));
  });
});

describe('the offline decision queue', () => {
  let root: string;
  let file: string;
  const key = storageKey(TOKEN);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-queue-'));
    file = path.join(root, 'decisions.log');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps every appended record across a crash before the acknowledgement, and drops acknowledged ones for good', () => {
    const q = new DecisionQueue(file, key);
    for (let i = 1; i <= 3; i++) q.append(record(i));
    // The process dies here: a new one reads what the old one appended.
    const restarted = new DecisionQueue(file, key);
    expect(restarted.pending()).toEqual([record(1), record(2), record(3)]);
    restarted.acknowledge([record(1).id, record(3).id]);
    expect(restarted.pending()).toEqual([record(2)]);
    expect(new DecisionQueue(file, key).pending()).toEqual([record(2)]);
    restarted.acknowledge([record(2).id]);
    expect(new DecisionQueue(file, key).pending()).toEqual([]);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('holds sealed records only: no id, lock or reason in clear', () => {
    const q = new DecisionQueue(file, key);
    q.append(record(1));
    const raw = fs.readFileSync(file, 'utf8');
    for (const clear of [record(1).id, LOCK, 'INVALID_PIN', 'ACCESS_DENIED']) expect(raw).not.toContain(clear);
    expect(raw.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('cuts off a last record torn by a crash in the middle of its append, and appends after it cleanly', () => {
    const q = new DecisionQueue(file, key);
    q.append(record(1));
    q.append(record(2));
    const whole = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, whole.slice(0, whole.length - 10));
    const restarted = new DecisionQueue(file, key);
    expect(restarted.pending()).toEqual([record(1)]);
    restarted.append(record(3));
    expect(new DecisionQueue(file, key).pending()).toEqual([record(1), record(3)]);
  });

  it('refuses an altered record and a queue sealed under another token', () => {
    const q = new DecisionQueue(file, key);
    q.append(record(1));
    q.append(record(2));
    expect(() => new DecisionQueue(file, storageKey('another token'))).toThrow(StoreError);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const bytes = Buffer.from(lines[0], 'base64url');
    bytes[bytes.length - 1] ^= 1;
    lines[0] = bytes.toString('base64url');
    fs.writeFileSync(file, lines.join('\n'));
    expect(() => new DecisionQueue(file, key)).toThrow(StoreError);
  });
});
