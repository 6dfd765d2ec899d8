import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BridgeConfig {
  /** PinGate /graphql URLs, tried in turn. */
  urls: string[];
  token: string;
  lockId: string;
  cursorFile: string;
  /** Where the sealed replica, lockout counters and offline decisions are kept (0700). */
  dataDir: string;
  /** How long a PIN waits for PinGate before the bridge decides offline. */
  onlineTimeoutMs: number;
  /** How often the replica is brought up to date, besides after the events that touch it. */
  syncIntervalMs: number;
}

export const USAGE = `PINGATE_BRIDGE_TOKEN=pgt_... node dist/bots/bridge/main.js --lock <lockId> --url http://host:4000/graphql [--url ...] [--cursor-file path]
    [--data-dir dir] [--online-timeout-ms 800] [--sync-interval-ms 30000]
  Follows the lock's events (printed as EVENT lines) and reads PINs typed on stdin, one per line,
  answering OPEN or DENIED (reason). When PinGate does not answer within the online timeout, it
  decides from its encrypted replica in the data dir and says so: OPEN (offline).
  The token comes from the environment, never from argv.`;

export class BridgeConfigError extends Error {}

/** Reads argv and the environment once; throws BridgeConfigError with the usage. */
export function loadBridgeConfig(argv: string[], env: NodeJS.ProcessEnv): BridgeConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string', multiple: true },
        lock: { type: 'string' },
        'cursor-file': { type: 'string' },
        'data-dir': { type: 'string' },
        'online-timeout-ms': { type: 'string' },
        'sync-interval-ms': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new BridgeConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  const urls = values.url ?? (env.PINGATE_URL ? env.PINGATE_URL.split(',') : []);
  const token = env.PINGATE_BRIDGE_TOKEN ?? '';
  const problems: string[] = [];
  if (urls.length === 0) problems.push('--url (or PINGATE_URL) is required');
  for (const url of urls) if (!/^(https?|wss?):\/\//.test(url)) problems.push(`--url ${url} is not an http(s) or ws(s) URL`);
  if (!values.lock) problems.push('--lock is required');
  if (!token) problems.push('PINGATE_BRIDGE_TOKEN is required');
  const onlineTimeoutMs = whole(values['online-timeout-ms'], 800, 50, 60_000, '--online-timeout-ms', problems);
  const syncIntervalMs = whole(values['sync-interval-ms'], 30_000, 200, 3_600_000, '--sync-interval-ms', problems);
  if (problems.length > 0) throw new BridgeConfigError(`${problems.join('\n')}\n${USAGE}`);
  const lockId = values.lock as string;
  return {
    urls: urls.map((u) => u.replace(/^ws/, 'http')),
    token,
    lockId,
    cursorFile: path.resolve(values['cursor-file'] ?? `bridge-${lockId}.cursor.json`),
    dataDir: path.resolve(values['data-dir'] ?? `bridge-${lockId}.data`),
    onlineTimeoutMs,
    syncIntervalMs,
  };
}

/** A whole number option within bounds, or its default; a problem line otherwise. */
function whole(value: string | undefined, fallback: number, min: number, max: number, name: string, problems: string[]): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number of milliseconds from ${min} to ${max}`);
    return fallback;
  }
  return n;
}
