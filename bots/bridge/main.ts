import { AccessClient } from './access.client';
import { BridgeConfigError, loadBridgeConfig } from './bridge.config';
import { CursorFile } from './cursor.file';
import { EventFollower, type LockEvent } from './event.follower';
import { runKeypad } from './keypad';

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
  const follower = new EventFollower({
    urls: config.urls,
    token: config.token,
    lockId: config.lockId,
    cursor: new CursorFile(config.cursorFile, config.lockId),
    onEvent: (e) => print(describeEvent(e)),
    onStatus: status,
    onFatal: (why) => {
      status(`giving up: ${why}`);
      process.exitCode = 1;
    },
  });
  const following = follower.start();
  const access = new AccessClient(config.urls, config.token, config.lockId);
  const stop = () => void follower.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  void runKeypad(process.stdin, access, print).then(() => status('stdin closed; still following events (Ctrl-C to stop)'));
  await following;
  process.exit();
}

if (require.main === module) void main();
