import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { onPgServer } from '../support/databases';

/** Where the benchmark keeps its data: a database of its own, dropped at the end. */
export interface BenchDatabase {
  /** postgres:// URL of the throw-away database, or null for SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  label: string;
  drop(): Promise<void>;
}

/**
 * With `serverUrl` (DATABASE_URL) a fresh `pingate_bench_<random>` database on that server, never
 * the database the URL names; without it a temp folder for the embedded SQLite.
 */
export async function createBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bench-'));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (!serverUrl) return { databaseUrl: null, dataDir, label: `sqlite:${dataDir}`, drop: async () => removeDir() };
  const name = `pingate_bench_${randomBytes(5).toString('hex')}`;
  await onPgServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    databaseUrl: url.toString(),
    dataDir,
    label: `postgresql:${url.host}/${name}`,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      removeDir();
      await onPgServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
