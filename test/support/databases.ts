import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PG_ADMIN_URL } from './env';

export type Dialect = 'sqlite' | 'postgresql';

export interface TestDatabase {
  dialect: Dialect;
  /** postgres:// URL, or null for SQLite. */
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

/** Runs one statement on a PostgreSQL server (create or drop a database). */
export async function onPgServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A throw-away database: a fresh PostgreSQL database, or a SQLite file in a temp folder. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-test-'));
  if (dialect === 'sqlite') {
    return { dialect, databaseUrl: null, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `pingate_t_${randomBytes(6).toString('hex')}`;
  await onPgServer(PG_ADMIN_URL, `create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await onPgServer(PG_ADMIN_URL, `drop database if exists ${name} with (force)`);
    },
  };
}
