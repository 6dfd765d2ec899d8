import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Decodes a pepper given as hex or base64; null when it is neither. */
export function decodePepper(raw: string): Buffer | null {
  const text = raw.trim();
  if (/^[0-9a-fA-F]+$/.test(text)) return text.length % 2 === 0 ? Buffer.from(text, 'hex') : null;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return null;
}

const PEPPER_MESSAGE = 'must be hex or base64 of at least 32 bytes';

/**
 * Parses `version:secret,...` (PIN_PEPPERS_PREVIOUS). Problems name an entry by its position and a
 * version only once it parsed as one: never a secret, nor text that could be part of one.
 */
export function parsePreviousPeppers(raw: string, current: number): { keys: Map<number, Buffer>; problems: string[] } {
  const keys = new Map<number, Buffer>();
  const problems: string[] = [];
  raw.split(',').forEach((part, i) => {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    const versionText = colon > 0 ? entry.slice(0, colon).trim() : '';
    if (!/^[1-9]\d{0,8}$/.test(versionText)) {
      problems.push(`entry ${i + 1} must be version:secret, the version a positive integer`);
      return;
    }
    const version = Number(versionText);
    const key = decodePepper(entry.slice(colon + 1));
    if (!key || key.length < 32) problems.push(`the secret of version ${version} ${PEPPER_MESSAGE}`);
    else if (version === current) problems.push(`version ${version} is PIN_PEPPER_VERSION, the current key's`);
    else if (keys.has(version)) problems.push(`version ${version} is given twice`);
    else keys.set(version, key);
  });
  return { keys, problems };
}

/** The folder of the project's package.json, from src/ (ts-node, jest) or dist/src/ (built). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the embedded SQLite)')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    WEB_DIST: z.string().min(1).optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
    PIN_PEPPER: z
      .string()
      .optional()
      .refine((v) => v === undefined || (decodePepper(v)?.length ?? 0) >= 32, {
        message: PEPPER_MESSAGE,
      }),
    PIN_PEPPER_VERSION: z.coerce.number().int().min(1).max(999_999_999).default(1),
    PIN_PEPPERS_PREVIOUS: z.string().optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    PUBLIC_URL: z
      .string()
      .optional()
      .refine((v) => v === undefined || publicOrigin(v) !== null, {
        message: 'must be an http(s) URL without path, query or fragment, e.g. https://pins.example.com',
      }),
    SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
    EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  })
;

/** The origin of a public URL given as `http(s)://host[:port]` (a trailing `/` allowed); null otherwise. */
export function publicOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || raw.includes('?') || raw.includes('#')) return null;
  if (url.pathname !== '/') return null;
  return url.origin;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Prometheus /metrics on a listener of its own (0: any free port). */
  metricsPort: number;
  metricsHost: string;
  /** postgres:// URL, or null for SQLite at `sqlitePath`. */
  databaseUrl: string | null;
  dataDir: string;
  sqlitePath: string;
  redisUrl: string | null;
  /** The configured pepper; null means "generate one into dataDir" (development only). */
  pinPepper: Buffer | null;
  /** The version new PINs are stored under (PIN_PEPPER_VERSION, default 1). */
  pinPepperVersion: number;
  /** Earlier peppers by version (PIN_PEPPERS_PREVIOUS): PINs stored under them are still verified. */
  pinPeppersPrevious: ReadonlyMap<number, Buffer>;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Where people reach the service, as an origin (`https://pins.example.com`): sign-in links, cookies, WebSocket Origin. */
  publicUrl: string;
  /** Lifetime of a session made by redeeming a sign-in link, in hours (1 to 720). */
  sessionTtlHours: number;
  /** Whether the client address is read from X-Forwarded-For (behind a trusted proxy). */
  trustProxy: boolean;
  /** The built console served at `/` (WEB_DIST, default dist/web of the project); absent files: no console. */
  webDist: string;
  /** Events older than this many days are deleted in the background (1 to 36500, default 365). */
  eventRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = schema.safeParse(blankless);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (blankless.NODE_ENV === 'production' && !blankless.PIN_PEPPER) problems.push('PIN_PEPPER: is required when NODE_ENV=production');
  if (parsed.success && parsed.data.METRICS_PORT !== 0 && parsed.data.METRICS_PORT === parsed.data.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (metrics have a listener of their own)');
  }
  const current = parsed.success ? parsed.data.PIN_PEPPER_VERSION : 1;
  const previous = blankless.PIN_PEPPERS_PREVIOUS ? parsePreviousPeppers(blankless.PIN_PEPPERS_PREVIOUS, current) : { keys: new Map<number, Buffer>(), problems: [] };
  problems.push(...previous.problems.map((p) => `PIN_PEPPERS_PREVIOUS: ${p}`));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    metricsPort: c.METRICS_PORT,
    metricsHost: c.METRICS_HOST,
    databaseUrl: c.DATABASE_URL ?? null,
    dataDir,
    sqlitePath: path.join(dataDir, 'pingate.sqlite'),
    redisUrl: c.REDIS_URL ?? null,
    pinPepper: c.PIN_PEPPER ? decodePepper(c.PIN_PEPPER) : null,
    pinPepperVersion: c.PIN_PEPPER_VERSION,
    pinPeppersPrevious: previous.keys,
    logLevel: c.LOG_LEVEL,
    publicUrl: c.PUBLIC_URL ? publicOrigin(c.PUBLIC_URL)! : `http://localhost:${c.PORT}`,
    sessionTtlHours: c.SESSION_TTL_HOURS,
    trustProxy: c.TRUST_PROXY === 'true' || c.TRUST_PROXY === '1',
    eventRetentionDays: c.EVENT_RETENTION_DAYS,
    webDist: c.WEB_DIST ? path.resolve(c.WEB_DIST) : path.join(projectRoot(), 'dist', 'web'),
  };
}
