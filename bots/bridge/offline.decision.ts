import { countFailure, lockedOutFor, openDoor, type DoorLockout } from './offline.lockout';
import { insideWindow } from './offline.schedule';
import type { OfflineReason, Replica, ReplicaEntry } from './replica.model';

const HOUR_MS = 3_600_000;

type Holder = { entry: ReplicaEntry; pin: ReplicaEntry['pins'][number] };
/** Each replica's PINs by verifier, built once per replica: replicas are never changed in place (a sync saves a new one). */
const byVerifier = new WeakMap<Replica, Map<string, Holder>>();

/** The PIN with this verifier and its user's entry (the first in entry order, as a scan would find). */
function holderOf(replica: Replica, verifier: string): Holder | undefined {
  let index = byVerifier.get(replica);
  if (!index) {
    index = new Map();
    for (const entry of Object.values(replica.entries)) {
      for (const pin of entry.pins) if (pin.verifier !== null && !index.has(pin.verifier)) index.set(pin.verifier, { entry, pin });
    }
    byVerifier.set(replica, index);
  }
  return index.get(verifier);
}

export interface OfflineVerdict {
  reason: OfflineReason;
  pinId: string | null;
  userId: string | null;
  /** LOCKED_OUT: seconds until the door takes PINs again. */
  retryAfterSeconds: number | null;
}

const verdict = (reason: OfflineReason, pinId: string | null = null, userId: string | null = null, retryAfterSeconds: number | null = null): OfflineVerdict => ({
  reason,
  pinId,
  userId,
  retryAfterSeconds,
});

/**
 * The door decision from the replica alone, in the order of the online rules: the replica is
 * recent enough (else REPLICA_STALE) -> the lock is known and pinEnabled (else PIN_NOT_SUPPORTED)
 * -> the door is not locked out locally (else LOCKED_OUT; the PIN is not looked at) -> a PIN has
 * this verifier (else INVALID_PIN) -> it is ACTIVE (else PIN_BLOCKED) -> its user holds a
 * permission at the lock (else NO_PERMISSION) -> one such permission is valid now and its weekly
 * window, read in the site's timezone, holds now (else OUTSIDE_SCHEDULE) -> GRANTED.
 * `verifier` is what the typed digits give under the bridge key (`verifierOf`), null without one.
 */
export function decideOffline(replica: Replica | null, lockId: string, verifier: string | null, door: DoorLockout, now: Date): OfflineVerdict {
  const t = now.getTime();
  if (!replica?.policy || !replica.key || replica.syncedAt === null) return verdict('REPLICA_STALE');
  if (t - replica.syncedAt > replica.policy.offlineGraceHours * HOUR_MS) return verdict('REPLICA_STALE');
  const lock = replica.locks.find((l) => l.id === lockId);
  if (!lock || !lock.pinEnabled) return verdict('PIN_NOT_SUPPORTED');
  const wait = lockedOutFor(door, t);
  if (wait !== null) return verdict('LOCKED_OUT', null, null, wait);
  if (verifier === null) return verdict('INVALID_PIN');
  const found = holderOf(replica, verifier);
  if (found) {
    const { entry, pin } = found;
    if (pin.status === 'REPLACED') return verdict('INVALID_PIN');
    if (pin.status !== 'ACTIVE') return verdict('PIN_BLOCKED', pin.id, entry.userId);
    const permissions = entry.permissions.filter((p) => p.lockId === lockId);
    if (permissions.length === 0) return verdict('NO_PERMISSION', pin.id, entry.userId);
    const open = permissions.some(
      (p) =>
        (p.validFrom === null || t >= Date.parse(p.validFrom)) &&
        (p.validUntil === null || t < Date.parse(p.validUntil)) &&
        (p.schedule === null || insideWindow(p.schedule, now, replica.policy!.timezone)),
    );
    return verdict(open ? 'GRANTED' : 'OUTSIDE_SCHEDULE', pin.id, entry.userId);
  }
  return verdict('INVALID_PIN');
}

/** Reasons that count towards a lockout (the ones that say something about the digits). */
export const isFailure = (reason: OfflineReason): boolean => reason === 'INVALID_PIN' || reason === 'PIN_BLOCKED';

export interface OfflineOutcome {
  verdict: OfflineVerdict;
  /** The door's lockout counters after this attempt. */
  door: DoorLockout;
  /** Set when this attempt started a lockout. */
  lockoutStarted: { failedAttempts: number; seconds: number } | null;
}

/** One attempt at the door: the verdict, and the lockout counters it leaves behind. */
export function attemptOffline(replica: Replica | null, lockId: string, verifier: string | null, door: DoorLockout | undefined, now: Date): OfflineOutcome {
  const state = door ?? openDoor();
  const v = decideOffline(replica, lockId, verifier, state, now);
  if (!isFailure(v.reason) || !replica?.policy) return { verdict: v, door: state, lockoutStarted: null };
  const counted = countFailure(state, replica.policy, now.getTime());
  return { verdict: v, door: counted.state, lockoutStarted: counted.started };
}

/** What the keypad shows for an offline decision: the online wording, then ` (offline)`. */
export function describeOffline(v: OfflineVerdict): string {
  if (v.reason === 'GRANTED') return 'OPEN (offline)';
  if (v.reason === 'LOCKED_OUT' && v.retryAfterSeconds !== null) return `DENIED (LOCKED_OUT, retry in ${v.retryAfterSeconds} s) (offline)`;
  return `DENIED (${v.reason}) (offline)`;
}
