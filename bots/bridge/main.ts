import type { PinEventType } from '../gql/graphql';
import { AccessClient } from './access.client';
import { ApiClient } from './api.client';
import { BridgeConfigError, loadBridgeConfig, type BridgeConfig } from './bridge.config';
import { CursorFile } from './cursor.file';
import { StoreError } from './data.crypto';
import { DataDir } from './data.dir';
import { DecisionReporter } from './decision.reporter';
import { EventFollower, type LockEvent } from './event.follower';
import { runKeypad } from './keypad';
import { Door } from './offline.door';
import type { DoorLockout } from './offline.lockout';
import type { Replica } from './replica.model';
import { ReplicaSync } from './replica.sync';

/**
 * Events after which the replica may differ (a grant may have made a verifier for this bridge; a
 * lock or policy change rides on the next page's `locks` and `policy`).
 */
export const REPLICA_EVENTS: ReadonlySet<PinEventType> = new Set<PinEventType>([
  'PIN_ASSIGNED',
  'PIN_REASSIGNED',
  'PIN_BLOCKED',
  'PIN_UNBLOCKED',
  'PERMISSION_GRANTED',
  'PERMISSION_REVOKED',
  'PERMISSION_UPDATED',
  'LOCK_UPDATED',
  'POLICY_UPDATED',
  'USER_DELETED',
  'ACCESS_GRANTED',
]);

/** One line per event: its id (the cursor), type, reason and who; never digits. */
export function describeEvent(e: LockEvent): string {
  const who = e.user ? ` user=${e.user.id}` : '';
  const pin = e.pin ? ` pin=${e.pin.id}` : '';
  switch (e.type) {
    case 'ACCESS_GRANTED':
    case 'ACCESS_DENIED':
      return `EVENT ${e.id} ${e.type} ${e.reason ?? ''}${who}`.trimEnd();
    case 'LOCKOUT_STARTED':
      return `EVENT ${e.id} LOCKOUT_STARTED`;
    case 'PIN_ASSIGNED':
    case 'PIN_REASSIGNED':
    case 'PIN_BLOCKED':
    case 'PIN_UNBLOCKED':
    case 'PIN_REKEYED':
      return `EVENT ${e.id} ${e.type}${who}${pin}`;
    case 'PERMISSION_GRANTED':
    case 'PERMISSION_REVOKED':
    case 'PERMISSION_UPDATED':
      return `EVENT ${e.id} ${e.type}${who}`;
    case 'USER_DELETED':
    case 'USER_UPDATED':
      return `EVENT ${e.id} ${e.type}${who}`;
    case 'POLICY_UPDATED':
    case 'SITE_HARDENED':
    case 'SITE_HARDENING_CLEARED':
      return `EVENT ${e.id} ${e.type}`;
    case 'LOCKOUT_CLEARED':
      return `EVENT ${e.id} LOCKOUT_CLEARED`;
    case 'LOCK_UPDATED':
      return `EVENT ${e.id} LOCK_UPDATED`;
    case 'SIGN_IN_LINK_CREATED':
    case 'SIGNED_IN':
      return `EVENT ${e.id} ${e.type}${who}`;
    default: {
      const unknown: never = e.type;
      return `EVENT ${e.id} ${String(unknown)}`;
    }
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadBridgeConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof BridgeConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const status = (line: string): void => void process.stderr.write(`bridge: ${line}\n`);
  let offline;
  try {
    offline = startOffline(config, status);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    status(`the data dir ${config.dataDir} does not open with this token: ${err.message}`);
    process.exit(1);
  }
  const follower = new EventFollower({
    urls: config.urls,
    token: config.token,
    lockId: config.lockId,
    cursor: new CursorFile(config.cursorFile, config.lockId),
    onEvent: (e) => {
      print(describeEvent(e));
      if (REPLICA_EVENTS.has(e.type)) offline.refresh();
    },
    onStatus: status,
    onFatal: (why) => {
      status(`giving up: ${why}`);
      process.exitCode = 1;
    },
  });
  const following = follower.start();
  const stop = () => {
    offline.stop();
    void follower.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  void runKeypad(process.stdin, offline.door, print).then(() => status('stdin closed; still following events (Ctrl-C to stop)'));
  await following;
  process.exit();
}

/**
 * The offline side: the sealed data dir, the replica kept up to date (at start, every
 * `syncIntervalMs`, after `refresh()`, and when PinGate answers again after being unreachable),
 * the queue of offline decisions reported whenever PinGate answers, and the door that asks
 * PinGate first and decides from the replica when it cannot.
 */
function startOffline(config: BridgeConfig, status: (line: string) => void): { door: Door; refresh(): void; stop(): void } {
  const data = new DataDir(config.dataDir, config.token);
  let replica: Replica | null;
  try {
    replica = data.replica.read();
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    status(`replica refused (${err.message}); it will be synced from scratch`);
    replica = null;
  }
  let lockouts: Record<string, DoorLockout>;
  try {
    lockouts = data.lockouts.read() ?? {};
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    status(`offline lockout counters refused (${err.message}); starting them afresh`);
    lockouts = {};
  }
  let unreachable = false;
  const api = new ApiClient(config.urls, config.token, {
    onUnreachable: () => void (unreachable = true),
    onAnswer: () => {
      if (unreachable) {
        unreachable = false;
        refresh();
      } else if (data.queue.pending().length > 0) void reporter.flush();
    },
  });
  const reporter = new DecisionReporter({
    api,
    queue: data.queue,
    onStatus: status,
    tooOld: (r) => (replica?.policy ? Date.parse(r.at) < Date.now() - (replica.policy.offlineGraceHours + 24) * 3_600_000 + 300_000 : false),
  });
  let reported: string | null = null;
  const sync = new ReplicaSync({
    api,
    holder: {
      current: () => replica,
      save: (next) => {
        data.replica.write(next);
        replica = next;
      },
    },
    onStatus: status,
    onSynced: (synced) => {
      if (synced.cursor !== reported) {
        reported = synced.cursor;
        status(`replica synced to ${synced.cursor}: ${Object.keys(synced.entries).length} users`);
      }
      void reporter.flush();
    },
  });
  const refresh = (): void => {
    void reporter.flush();
    sync.sync().catch((err: Error) => status(`replica sync failed: ${err.message}`));
  };
  const door = new Door({
    lockId: config.lockId,
    access: new AccessClient(api, config.token, config.lockId, config.onlineTimeoutMs),
    replica: () => replica,
    queue: data.queue,
    lockouts: {
      read: () => lockouts,
      write: (next) => {
        data.lockouts.write(next);
        lockouts = next;
      },
    },
  });
  refresh();
  const timer = setInterval(refresh, config.syncIntervalMs);
  return { door, refresh, stop: () => clearInterval(timer) };
}

if (require.main === module) void main();
