import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { processCpuSeconds } from './cpu.meter';
import { freePort } from '../support/free-port';

/** The API as a production process of its own (`node dist/src/main.js`), as it is deployed. */
export interface ApiProcess {
  pid: number;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  baseUrl: string;
  /** Milliseconds from spawn until /readyz answers 200 (database and Redis connected). */
  startMs: number;
  /** CPU seconds (user + system) the process has used so far, from /proc; null where there is none. */
  cpuSeconds(): number | null;
  /** SIGTERM (the API finishes requests in flight and flushes decision events), then waits for exit. */
  stop(): Promise<void>;
}

export interface ApiProcessOptions {
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  name: string;
}

const MAIN = path.resolve(__dirname, '../../src/main.js');

function forward(child: ChildProcess, name: string): void {
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
}

export async function startApiProcess(opts: ApiProcessOptions): Promise<ApiProcess> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx tsc -p tsconfig.json)`);
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN], {
    env: { ...process.env, ...opts.env, PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forward(child, opts.name);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (gone) throw new Error(`${opts.name} exited before it answered (exit code ${await exited})`);
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`${opts.name} was not ready (/readyz) within 60 s`);
    }
    try {
      // /readyz, not /healthz: a node still connecting to Redis decides from the database, and
      // phase (d) is about a cold cache, not about Redis being away.
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const startMs = Date.now() - started;
  const pid = child.pid as number;
  return {
    pid,
    url: `${baseUrl}/graphql`,
    baseUrl,
    startMs,
    cpuSeconds: () => processCpuSeconds(pid),
    stop: async () => {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
