import { randomBytes } from 'node:crypto';
import { startApp, type AppOptions, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { SitePlan } from '../../src/modules/site/site.entity';
import { capturedLogger } from './log.capture';
import type { TestDatabase } from './databases';

export interface TestApp {
  app: RunningApp;
  url: string;
  logLines: string[];
  pepper: string;
  stop(): Promise<void>;
}

/** A real PinGate server on a free loopback port (metrics on another) over the given database. */
export async function startTestApp(
  db: TestDatabase,
  extraEnv: Record<string, string> = {},
  pepper = randomBytes(32).toString('hex'),
  options: AppOptions = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    METRICS_PORT: '0',
    DATA_DIR: db.dataDir,
    PIN_PEPPER: pepper,
    LOG_LEVEL: 'debug',
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...extraEnv,
  });
  const { logger, lines } = capturedLogger();
  const app = await startApp(config, logger, options);
  return { app, url: app.url, logLines: lines, pepper, stop: () => app.stop() };
}

export interface SeededSite {
  siteId: string;
  adminId: string;
  adminToken: string;
}

/** A site with its first admin and token, made the way the CLI makes it. */
export async function seedSite(t: TestApp, opts: { name?: string; plan?: SitePlan; timezone?: string } = {}): Promise<SeededSite> {
  const { services, db } = t.app.core;
  const em = db.fork();
  const { site, admin } = await services.sites.createSite(em, {
    name: opts.name ?? 'Head office',
    plan: opts.plan ?? SitePlan.PRO,
    timezone: opts.timezone ?? 'Europe/Madrid',
    adminName: 'Ada Admin',
    adminEmail: 'ada@example.com',
  });
  const token = await services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'test' });
  return { siteId: site.id, adminId: admin.id, adminToken: token.token };
}
