import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { createCore } from './core.factory';
import { createLogger } from './infra/logger';
import { openDatabase } from './infra/orm/orm.factory';
import { SitePlan } from './modules/site/site.entity';
import { PrincipalKind } from './modules/token/token.entity';
import { DomainError, ErrorCode } from './shared/errors';

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  create-site --name N --plan PRO|STANDARD --timezone Europe/Madrid --admin-name N [--admin-email E]
      Creates a site and its first admin; prints {"siteId","adminUserId","adminToken"} (the token is shown once).
  migrate
      Runs pending database migrations.
`;

async function createSite(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      plan: { type: 'string', default: 'STANDARD' },
      timezone: { type: 'string', default: 'UTC' },
      'admin-name': { type: 'string' },
      'admin-email': { type: 'string' },
    },
    strict: true,
  });
  const missing = (['name', 'admin-name'] as const).filter((k) => !values[k]);
  if (missing.length) throw new DomainError(ErrorCode.BAD_USER_INPUT, `missing --${missing.join(', --')}`);
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr as never);
  const core = await createCore(config, logger);
  try {
    const em = core.db.fork();
    const { site, admin } = await core.services.sites.createSite(em, {
      name: values.name!,
      plan: values.plan!.toUpperCase() as SitePlan,
      timezone: values.timezone!,
      adminName: values['admin-name']!,
      adminEmail: values['admin-email'] ?? null,
    });
    const token = await core.services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'cli' });
    process.stdout.write(JSON.stringify({ siteId: site.id, adminUserId: admin.id, adminToken: token.token }) + '\n');
  } finally {
    await core.close();
  }
}

async function migrate(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, migrate: false });
  try {
    const done = await db.orm.getMigrator().up();
    process.stdout.write(JSON.stringify({ applied: done.map((m) => m.name) }) + '\n');
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create-site':
      return createSite(rest);
    case 'migrate':
      return migrate();
    default:
      process.stdout.write(USAGE);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err) => {
  const message = err instanceof ConfigError || err instanceof DomainError || err instanceof TypeError ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
});
