import path from 'node:path';
import { ensurePrivateDir } from './atomic.file';
import { storageKey } from './data.crypto';
import { DecisionQueue } from './decision.queue';
import type { DoorLockout } from './offline.lockout';
import type { Replica } from './replica.model';
import { SealedFile } from './sealed.file';

/**
 * The bridge's data dir (0700), every file sealed with the token's storage key:
 *  - `replica.bin`: the replica with its cursor and the bridge key, replaced atomically;
 *  - `lockout.bin`: the doors' offline lockout counters, replaced atomically;
 *  - `decisions.log`: the queue of offline decisions not yet acknowledged.
 * No file holds digits or the pepper.
 */
export class DataDir {
  readonly replica: SealedFile<Replica>;
  readonly lockouts: SealedFile<Record<string, DoorLockout>>;
  readonly queue: DecisionQueue;

  constructor(
    readonly dir: string,
    token: string,
  ) {
    ensurePrivateDir(dir);
    const key = storageKey(token);
    this.replica = new SealedFile<Replica>(path.join(dir, 'replica.bin'), key, 'replica');
    this.lockouts = new SealedFile<Record<string, DoorLockout>>(path.join(dir, 'lockout.bin'), key, 'lockout');
    this.queue = new DecisionQueue(path.join(dir, 'decisions.log'), key);
  }
}
