import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds measured per phase (a), (b), (c). */
  duration: number;
  /** Times (a) and (b) are measured, alternating; each is reported by its median round. */
  rounds: number;
  connections: number;
  /** Seconds of warm-up load before (a) and (b). */
  warmup: number;
  /** Seconds measured right after the restart, phase (d). */
  coldDuration: number;
  users: number;
  locks: number;
  /** Users who get a PIN through PinService (the rest have none). */
  pins: number;
  /** Parallel assignPin calls while seeding. */
  seedConcurrency: number;
  /** Start the API with --cpu-prof; profiles land in `profileDir`. */
  profile: boolean;
  profileDir: string;
  results: string;
  /** Which of the phases a to g to run (all by default). */
  phases: string[];
  /** Subscribers of the fan-out phase (e), when it exists. */
  subscribers: number | undefined;
}

const USAGE = `npm run bench -- [--duration 10] [--rounds 3] [--connections 10] [--warmup 3] [--cold-duration 5]
  [--users 10000] [--locks 200] [--pins 10000] [--seed-concurrency 8] [--subscribers N]
  [--phases a,b,c,d,e,f,g] [--profile] [--profile-dir bench/profiles] [--results bench/results.json]`;

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}\n${USAGE}`);
  return n;
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      'cold-duration': { type: 'string' },
      users: { type: 'string' },
      locks: { type: 'string' },
      pins: { type: 'string' },
      'seed-concurrency': { type: 'string' },
      subscribers: { type: 'string' },
      phases: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'profile-dir': { type: 'string' },
      results: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const users = positive('users', values.users, 10_000, 10);
  const locks = positive('locks', values.locks, 200, 8);
  const phases = (values.phases ?? 'a,b,c,d,e,f,g').split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const unknown = phases.filter((p) => !['a', 'b', 'c', 'd', 'e', 'f', 'g'].includes(p));
  if (unknown.length > 0) throw new Error(`--phases: unknown phase ${unknown.join(', ')}\n${USAGE}`);
  return {
    phases,
    duration: positive('duration', values.duration, 10),
    rounds: positive('rounds', values.rounds, 3),
    connections: positive('connections', values.connections, 10),
    warmup: positive('warmup', values.warmup, 3, 0),
    coldDuration: positive('cold-duration', values['cold-duration'], 5),
    users,
    locks,
    pins: Math.min(users, positive('pins', values.pins, users)),
    seedConcurrency: positive('seed-concurrency', values['seed-concurrency'], 8),
    subscribers: values.subscribers === undefined ? undefined : positive('subscribers', values.subscribers, 1),
    profile: values.profile ?? false,
    profileDir: values['profile-dir'] ?? 'bench/profiles',
    results: values.results ?? 'bench/results.json',
  };
}
