import fs from 'node:fs';
import path from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { entities } from './orm.entities';
import { migrationsFor } from './migrations/migrations.list';

export interface Database {
  orm: MikroORM;
  dialect: 'postgresql' | 'sqlite';
  /** A fresh EntityManager fork: one per operation. */
  fork(): EntityManager;
  /** Throws unless the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  sqlitePath: string;
  /** Run pending migrations on open (the default). */
  migrate?: boolean;
  poolMax?: number;
}

function ormOptions(opts: DatabaseOptions): Options {
  const common = {
    entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // Deleted users are filtered where users are read, never where PINs are (quarantine needs them).
    autoJoinRefsForFilters: false,
    debug: false,
    discovery: { disableDynamicFileAccess: true },
  };
  if (opts.databaseUrl) {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: opts.databaseUrl,
      pool: { min: 0, max: opts.poolMax ?? 10 },
      migrations: { migrationsList: migrationsFor('postgresql'), transactional: true, allOrNothing: true, snapshot: false, silent: true },
    } as Options;
  }
  fs.mkdirSync(path.dirname(opts.sqlitePath), { recursive: true });
  return {
    ...common,
    driver: LibSqlDriver,
    dbName: opts.sqlitePath,
    migrations: { migrationsList: migrationsFor('sqlite'), transactional: true, allOrNothing: true, snapshot: false, silent: true },
  } as Options;
}

/** Opens the database (PostgreSQL when a URL is given, SQLite otherwise) and runs pending migrations. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const orm = await MikroORM.init(ormOptions(opts));
  const dialect = opts.databaseUrl ? 'postgresql' : 'sqlite';
  if (dialect === 'sqlite') {
    const em = orm.em.fork() as EntityManager;
    await em.execute('pragma journal_mode = wal');
    await em.execute('pragma busy_timeout = 5000');
    await em.execute('pragma foreign_keys = on');
  }
  if (opts.migrate !== false) await orm.getMigrator().up();
  return {
    orm,
    dialect,
    fork: () => orm.em.fork() as EntityManager,
    ping: async () => {
      await (orm.em.fork() as EntityManager).execute('select 1');
    },
    close: () => orm.close(true),
  };
}
