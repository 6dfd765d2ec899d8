import { randomUUID } from 'node:crypto';
import { describeDecision, type AccessClient } from './access.client';
import { isUnreachable } from './api.client';
import { verifierOf } from './data.crypto';
import type { DecisionQueue, OfflineRecord } from './decision.queue';
import { attemptOffline, describeOffline } from './offline.decision';
import type { DoorLockout } from './offline.lockout';
import type { Replica } from './replica.model';

export interface DoorOptions {
  lockId: string;
  access: AccessClient;
  replica: () => Replica | null;
  /** Where decisions go before the keypad answers (durably: `DecisionQueue`). */
  queue: Pick<DecisionQueue, 'append'>;
  /** The doors' offline lockout counters, read and saved (durably) around each offline attempt. */
  lockouts: { read(): Record<string, DoorLockout>; write(value: Record<string, DoorLockout>): void };
  now?: () => Date;
}

/**
 * One keypad's answers: PinGate first (`lockAccess`, within the online timeout); when PinGate
 * cannot be reached in time, the bridge decides from its replica, queues the decision (and a
 * LOCKOUT_STARTED it caused) durably, saves its lockout counters, and only then answers, with
 * ` (offline)` at the end of the line.
 */
export class Door {
  constructor(private readonly o: DoorOptions) {}

  async answer(pin: string): Promise<string> {
    try {
      return describeDecision(await this.o.access.check(pin));
    } catch (err) {
      if (!isUnreachable(err)) throw err;
    }
    return this.offline(pin);
  }

  /** The offline decision; everything it leaves on disk is durable before it returns. */
  offline(pin: string): string {
    const now = (this.o.now ?? (() => new Date()))();
    const replica = this.o.replica();
    const verifier = replica?.key ? verifierOf(replica.key.key, replica.key.siteId, pin) : null;
    const lockouts = this.o.lockouts.read();
    const outcome = attemptOffline(replica, this.o.lockId, verifier, lockouts[this.o.lockId], now);
    const v = outcome.verdict;
    const at = now.toISOString();
    const base = { lockId: this.o.lockId, at, failedAttempts: null };
    const records: OfflineRecord[] = [
      { ...base, id: randomUUID(), type: v.reason === 'GRANTED' ? 'ACCESS_GRANTED' : 'ACCESS_DENIED', reason: v.reason, pinId: v.pinId, userId: v.userId },
    ];
    if (outcome.lockoutStarted) {
      records.push({ ...base, id: randomUUID(), type: 'LOCKOUT_STARTED', reason: null, pinId: null, userId: null, failedAttempts: outcome.lockoutStarted.failedAttempts });
    }
    for (const r of records) this.o.queue.append(r);
    if (outcome.door !== lockouts[this.o.lockId]) this.o.lockouts.write({ ...lockouts, [this.o.lockId]: outcome.door });
    return describeOffline(v);
  }
}
