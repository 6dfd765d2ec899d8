import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BridgeConfig {
  /** PinGate /graphql URLs, tried in turn. */
  urls: string[];
  token: string;
  lockId: string;
  cursorFile: string;
}

export const USAGE = `PINGATE_BRIDGE_TOKEN=pgt_... node dist/bots/bridge/main.js --lock <lockId> --url http://host:4000/graphql [--url ...] [--cursor-file path]
  Follows the lock's events (printed as EVENT lines) and reads PINs typed on stdin, one per line,
  answering OPEN or DENIED (reason). The token comes from the environment, never from argv.`;

export class BridgeConfigError extends Error {}

/** Reads argv and the environment once; throws BridgeConfigError with the usage. */
export function loadBridgeConfig(argv: string[], env: NodeJS.ProcessEnv): BridgeConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { url: { type: 'string', multiple: true }, lock: { type: 'string' }, 'cursor-file': { type: 'string' } },
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
  if (problems.length > 0) throw new BridgeConfigError(`${problems.join('\n')}\n${USAGE}`);
  const lockId = values.lock as string;
  return {
    urls: urls.map((u) => u.replace(/^ws/, 'http')),
    token,
    lockId,
    cursorFile: path.resolve(values['cursor-file'] ?? `bridge-${lockId}.cursor.json`),
  };
}
