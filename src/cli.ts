import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { createCore } from './core.factory';
import { createLogger } from './infra/logger';
import { databaseErrorSummary, describeDatabaseError } from './infra/orm/database-error';
import { openDatabase } from './infra/orm/orm.factory';
import { ADMIN_LINK_MAX_MINUTES } from './modules/identity/sign-in.service';
import { pepperStatus } from './modules/pin/pepper.status';
import { SitePlan } from './modules/site/site.entity';
import { PrincipalKind } from './modules/token/token.entity';
import { DomainError, ErrorCode } from './shared/errors';

const USAGE = `Usage: npm run --silent cli -- <command> [options]

Commands:
  create-site --name N --plan PRO|STANDARD --timezone Europe/Madrid --admin-name N [--admin-email E]
      Creates a site and its first admin; prints {"siteId","adminUserId","adminToken","signInUrl"} (the token and
      the admin's one-use sign-in link, valid 7 days, are shown once).
  sign-in-link --user <userId> [--minutes N]
      Prints {"signInUrl","expiresAt"}: a one-use sign-in link for any user, valid N minutes (default 60, at most 10080).
  migrate
      Runs pending database migrations.
  pepper-status
      Prints, per PIN key version, how many ACTIVE and BLOCKED PINs are stored under it, which version
      is current, until when replaced PINs under it stay quarantined, and whether its pepper can leave
      PIN_PEPPERS_PREVIOUS ("removable"): one JSON line.
`;

async function createSite(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
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
  const config = loadConfig(env);
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
    const link = await core.services.signIn.createLinkByCli(em, admin.id, ADMIN_LINK_MAX_MINUTES);
    out(JSON.stringify({ siteId: site.id, adminUserId: admin.id, adminToken: token.token, signInUrl: link.url }));
  } finally {
    await core.close();
  }
}

async function signInLink(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const { values } = parseArgs({ args, options: { user: { type: 'string' }, minutes: { type: 'string', default: '60' } }, strict: true });
  if (!values.user) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'missing --user');
  const minutes = /^\d{1,6}$/.test(values.minutes!) ? Number(values.minutes) : NaN;
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr as never);
  const core = await createCore(config, logger);
  try {
    const link = await core.services.signIn.createLinkByCli(core.db.fork(), values.user, minutes);
    out(JSON.stringify({ signInUrl: link.url, expiresAt: link.expiresAt.toISOString() }));
  } finally {
    await core.close();
  }
}

async function migrate(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const config = loadConfig(env);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, migrate: false });
  try {
    const done = await db.orm.getMigrator().up();
    out(JSON.stringify({ applied: done.map((m) => m.name) }));
  } finally {
    await db.close();
  }
}

/** Errors whose message is written for the person at the terminal; any other may quote secrets. */
const userFacing = (e: unknown): e is Error =>
  e instanceof ConfigError ||
  e instanceof DomainError ||
  (e instanceof TypeError && String((e as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS_'));
async function showPepperStatus(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const config = loadConfig(env);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath, migrate: false });
  try {
    const configured = [config.pinPepperVersion, ...config.pinPeppersPrevious.keys()];
    out(JSON.stringify(await pepperStatus(db.fork(), config.pinPepperVersion, configured, new Date())));
  } finally {
    await db.close();
  }
}

/** Runs one CLI command; resolves the exit code. Output lines go to `out`, problems to `err`. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  err: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'create-site':
        await createSite(rest, env, out);
        return 0;
      case 'sign-in-link':
        await signInLink(rest, env, out);
        return 0;
      case 'migrate':
        await migrate(env, out);
        return 0;
      case 'pepper-status':
        await showPepperStatus(env, out);
        return 0;
      default:
        out(USAGE);
        return command && command !== 'help' && command !== '--help' ? 2 : 0;
    }
  } catch (e) {
    const database = databaseErrorSummary(e);
    const reason = userFacing(e) ? e.message : database ? describeDatabaseError(database) : 'an unexpected error (its text may hold secrets and is not shown)';
    err(`error: ${reason}`);
    return 2;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
