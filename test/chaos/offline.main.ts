import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createCore } from '../../src/core.factory';
import { createLogger } from '../../src/infra/logger';
import { SitePlan } from '../../src/modules/site/site.entity';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { onPgServer } from '../support/databases';
import { freePort } from '../support/free-port';
import { ChaosNode } from './chaos.node';
import { runOfflineChaos } from './offline.run';

export const OFFLINE_USAGE = `node dist/test/chaos/chaos.main.js --offline [--bridges 10] [--cut 5] [--cut-seconds 60] [--users 30]
  Two API processes, PostgreSQL and Redis, and bridge processes (dist/bots/bridge/main.js) behind TCP
  proxies; --cut of them are cut off for --cut-seconds while PINs are typed and PINs and permissions change.`;

/**
 * `npm run chaos -- --offline`: the offline run at full size, with production API processes on a
 * throw-away database (dropped at the end, failures included). Resolves with the exit code.
 */
export async function offlineMain(
  values: { bridges?: string; cut?: string; 'cut-seconds'?: string; users?: string },
  serverUrl: string,
  redisUrl: string,
  say: (line: string) => void,
): Promise<number> {
  const bridges = Number(values.bridges ?? 10);
  const cut = Number(values.cut ?? Math.floor(bridges / 2));
  const cutSeconds = Number(values['cut-seconds'] ?? 60);
  const holders = Number(values.users ?? 30);
  if (![bridges, cut, cutSeconds, holders].every((n) => Number.isInteger(n) && n > 0) || cut > bridges) throw new Error(`bad numbers\n${OFFLINE_USAGE}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-chaos-offline-'));
  const dbName = `pingate_chaos_${randomBytes(5).toString('hex')}`;
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  const databaseUrl = dbUrl.toString();
  const pepper = randomBytes(32).toString('hex');
  const nodes: ChaosNode[] = [];
  await onPgServer(serverUrl, `create database ${dbName}`);
  say(`phase start: database ${dbName}, redis ${redisUrl}, node logs in ${work}`);
  try {
    const env = { NODE_ENV: 'production', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PIN_PEPPER: pepper, LOG_LEVEL: 'warn', DATA_DIR: work };
    const seedCore = await createCore(loadConfig({ ...env, REDIS_URL: '', PORT: '0' }), createLogger('silent'));
    let siteId: string;
    let adminToken: string;
    try {
      const em = seedCore.db.fork();
      const { site, admin } = await seedCore.services.sites.createSite(em, { name: 'Offline tower', plan: SitePlan.PRO, timezone: 'Europe/Madrid', adminName: 'Chaos Admin', adminEmail: 'chaos@example.com' });
      siteId = site.id;
      adminToken = (await seedCore.services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'chaos' })).token;
    } finally {
      await seedCore.close();
    }
    for (const name of ['api-a', 'api-b']) nodes.push(new ChaosNode(name, await freePort(), env, path.join(work, `${name}.log`)));
    await Promise.all(nodes.map((n) => n.start()));
    say(`phase nodes: ${nodes.map((n) => n.url).join(', ')}`);
    const result = await runOfflineChaos({
      urls: nodes.map((n) => n.url),
      siteId,
      adminToken,
      databaseUrl,
      pepper,
      bridgeMain: path.resolve(__dirname, '../../bots/bridge/main.js'),
      bridges,
      cut,
      cutSeconds,
      holders,
      pressEveryMs: 400,
      adminEveryMs: 100,
      say,
    });
    return result.violations.length > 0 ? 1 : 0;
  } finally {
    await Promise.all(nodes.map((n) => n.stop().catch(() => undefined)));
    await onPgServer(serverUrl, `drop database if exists ${dbName} with (force)`).catch(() => undefined);
    if (!process.env.CHAOS_KEEP_LOGS) fs.rmSync(work, { recursive: true, force: true });
  }
}
