import { randomBytes } from 'node:crypto';
import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsFor } from '../../src/infra/orm/migrations/migrations.list';
import { describeIfReachable, reachable } from './reachable.support';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const postgresUp = reachable(TEST_DATABASE_URL);
export const describePostgres = describeIfReachable(`PostgreSQL at ${TEST_DATABASE_URL}`, postgresUp);

export interface TestDatabase {
  em: EntityManager;
  dialect: 'postgresql' | 'sqlite';
  close(): Promise<void>;
}

/** The migrations of the project named `names`, for a database with only the tables a test needs. */
const only = (dialect: 'postgresql' | 'sqlite', names: readonly string[]): MigrationObject[] =>
  migrationsFor(dialect).filter((m) => names.includes(m.name));

/** The lockout_state and lockout_generation tables. */
const LOCKOUT = ['Migration20261128010000', 'Migration20261203030000'];

const common = { entities: [], discovery: { warnWhenNoEntities: false }, extensions: [Migrator], allowGlobalContext: false, debug: false };

/** An in-memory SQLite database with the migrations named applied (by default lockout_state's). */
export async function openSqlite(migrations: readonly string[] = LOCKOUT): Promise<TestDatabase> {
  const orm = await MikroORM.init({
    ...common,
    driver: LibSqlDriver,
    dbName: ':memory:',
    migrations: { migrationsList: only('sqlite', migrations), snapshot: false, silent: true },
  } as Options);
  await orm.getMigrator().up();
  return { em: orm.em as EntityManager, dialect: 'sqlite', close: () => orm.close(true) };
}

/** A throw-away PostgreSQL database with the migrations named applied (by default lockout_state's); dropped on close. */
export async function openThrowawayPostgres(migrations: readonly string[] = LOCKOUT): Promise<TestDatabase> {
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
      migrations: { migrationsList: only('postgresql', migrations), snapshot: false, silent: true },
    } as Options);
    await orm.getMigrator().up();
    return {
      em: orm.em as EntityManager,
      dialect: 'postgresql',
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
