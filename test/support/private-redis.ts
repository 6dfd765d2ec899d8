import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { IN_CI } from './env';
import { freePort } from './free-port';

/** A redis-server of the test's own on a free loopback port, which the test may stop, pause and restart. */
export class PrivateRedis {
  private proc: ChildProcess | null = null;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts one, or returns null (a failure under CI) when redis-server is not installed. */
  static async start(): Promise<PrivateRedis | null> {
    const found = spawnSync('redis-server', ['--version']).status === 0;
    if (!found) {
      if (IN_CI) throw new Error('redis-server is not installed, and CI=true');
      console.warn('redis-server is not installed: skipping the Redis outage tests');
      return null;
    }
    const port = await freePort();
    const redis = new PrivateRedis(port);
    await redis.restart();
    return redis;
  }

  async restart(): Promise<void> {
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (this.cli('PING').includes('PONG')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('private redis-server did not start');
  }

  /** Kills the server (no shutdown, no save), as a crash would. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }

  /** Holds every client's commands for `ms` (CLIENT PAUSE): the same server, the same run_id. */
  pause(ms: number): void {
    this.cli('CLIENT', 'PAUSE', String(ms), 'ALL');
  }

  cli(...args: string[]): string {
    return spawnSync('redis-cli', ['-p', String(this.port), ...args], { encoding: 'utf8' }).stdout ?? '';
  }
}

