import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createCore, type Core } from '../../src/core.factory';
import { createLogger } from '../../src/infra/logger';
import { Pin, PinKind, PinStatus } from '../../src/modules/pin/pin.entity';
import { SitePlan } from '../../src/modules/site/site.entity';
import { Role, User } from '../../src/modules/user/user.entity';
import { newId } from '../../src/shared/ids';
import { createBenchDatabase } from './bench.database';

/**
 * assignPin latency against the number of ACTIVE PINs already on the site, to show that issuing a
 * PIN does not count the site's PINs (DESIGN.md rules 6, 14):
 *   npm run -s build && node dist/test/bench/assign-latency.main.js --pins 10000,1000000 --samples 200
 * The PINs already there are inserted directly (random digests, 8 digits) with their counters.
 * DATABASE_URL picks a PostgreSQL server (a throw-away database on it); else SQLite.
 */
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};

const CHUNK = 1000;

async function addUsers(core: Core, siteId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  const now = new Date();
  for (let from = 0; from < ids.length; from += CHUNK) {
    const rows = ids.slice(from, from + CHUNK).map((id) => ({ id, site: siteId, name: 'Bench user', email: null, slackUserId: null, role: Role.USER, createdAt: now }));
    await core.db.fork().insertMany(User, rows);
  }
  return ids;
}

async function fillTo(core: Core, siteId: string, have: number, want: number): Promise<void> {
  const userIds = await addUsers(core, siteId, want - have);
  const now = new Date();
  for (let from = 0; from < userIds.length; from += CHUNK) {
    const rows = userIds.slice(from, from + CHUNK).map((userId) => ({
      id: newId(),
      site: siteId,
      user: userId,
      kind: PinKind.AUTO,
      status: PinStatus.ACTIVE,
      digest: randomBytes(32).toString('hex'),
      keyVersion: 1,
      length: 8,
      createdAt: now,
    }));
    await core.db.fork().insertMany(Pin, rows);
  }
  const em = core.db.fork();
  await em.execute('delete from pin_length_count where site_id = ?', [siteId]);
  await em.execute(`insert into pin_length_count (site_id, length, active) select site_id, length, count(*) from pin where site_id = ? and status = 'ACTIVE' group by site_id, length`, [siteId]);
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const levels = arg('pins', '10000,1000000').split(',').map(Number).sort((a, b) => a - b);
  const samples = Number(arg('samples', '200'));
  const database = await createBenchDatabase(process.env.DATABASE_URL?.trim() || undefined);
  const env = { NODE_ENV: 'production', PIN_PEPPER: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '', REDIS_URL: '' };
  const core = await createCore(loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1' }), createLogger('error', pino.destination(2)));
  try {
    const { site, admin } = await core.services.sites.createSite(core.db.fork(), { name: 'Bench', plan: SitePlan.PRO, timezone: 'UTC', adminName: 'Admin' });
    let have = 0;
    process.stdout.write(`assignPin latency (${database.label})\n| active PINs | samples | median ms | p95 ms |\n|---|---|---|---|\n`);
    for (const level of levels) {
      await fillTo(core, site.id, have, level);
      const users = await addUsers(core, site.id, samples);
      const times: number[] = [];
      for (const userId of users) {
        const ctx = { em: core.db.fork(), principal: { kind: 'USER' as const, tokenId: 'bench', siteId: site.id, userId: admin.id, role: 'ADMIN' as const } };
        const started = process.hrtime.bigint();
        await core.services.pins.assign(ctx, { userId });
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      have = level + samples;
      times.sort((a, b) => a - b);
      process.stdout.write(`| ${level} | ${samples} | ${quantile(times, 0.5).toFixed(2)} | ${quantile(times, 0.95).toFixed(2)} |\n`);
    }
  } finally {
    await core.close();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
