import { randomBytes } from 'node:crypto';
import { MikroORM, type Options } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migration20261128010000 as PgLockout } from '../../src/infra/orm/migrations/postgresql/Migration20261128010000';
import { Migration20261128010000 as SqliteLockout } from '../../src/infra/orm/migrations/sqlite/Migration20261128010000';
import { describeIfReachable, reachable } from './reachable.support';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const postgresUp = reachable(TEST_DATABASE_URL);
export const describePostgres = describeIfReachable(`PostgreSQL at ${TEST_DATABASE_URL}`, postgresUp);

export interface TestDatabase {
  em: EntityManager;
  close(): Promise<void>;
}

const common = { entities: [], discovery: { warnWhenNoEntities: false }, extensions: [Migrator], allowGlobalContext: false, debug: false };

/** An in-memory SQLite database with the lockout_state migration applied. */
export async function openSqlite(): Promise<TestDatabase> {
  const orm = await MikroORM.init({
    ...common,
    driver: LibSqlDriver,
    dbName: ':memory:',
    migrations: { migrationsList: [{ name: 'Migration20261128010000', class: SqliteLockout }], snapshot: false, silent: true },
  } as Options);
  await orm.getMigrator().up();
  return { em: orm.em as EntityManager, close: () => orm.close(true) };
}

/** A throw-away PostgreSQL database with the lockout_state migration applied; dropped on close. */
export async function openThrowawayPostgres(): Promise<TestDatabase> {
  const name = `pingate_test_lockout_${randomBytes(6).toString('hex')}`;
  const admin = await MikroORM.init({ ...common, driver: PostgreSqlDriver, clientUrl: TEST_DATABASE_URL } as Options);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const drop = async (): Promise<void> => {
    await (admin.em.fork() as EntityManager).execute(`drop database if exists "${name}" with (force)`);
    await admin.close(true);
  };
  try {
    await (admin.em.fork() as EntityManager).execute(`create database "${name}"`);
  } catch (err) {
    await admin.close(true);
    throw err;
  }
  try {
    const orm = await MikroORM.init({
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: url.toString(),
      pool: { min: 0, max: 10 },
      migrations: { migrationsList: [{ name: 'Migration20261128010000', class: PgLockout }], snapshot: false, silent: true },
    } as Options);
    await orm.getMigrator().up();
    return {
      em: orm.em as EntityManager,
      close: async () => {
        await orm.close(true);
        await drop();
      },
    };
  } catch (err) {
    await drop();
    throw err;
  }
}
