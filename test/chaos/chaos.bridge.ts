import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface Stamped {
  line: string;
  at: number;
}

/**
 * A bridge process (bots/bridge main.js) for the chaos run, without jest: PINs typed one at a time on
 * stdin, every answer and status line kept with the time it came.
 */
export class ChaosBridge {
  readonly answers: Stamped[] = [];
  readonly status: Stamped[] = [];
  private readonly waiting: Array<(line: string) => void> = [];
  private chain: Promise<unknown> = Promise.resolve();
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('EVENT ')) return;
      this.answers.push({ line, at: Date.now() });
      this.waiting.shift()?.(line);
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => void this.status.push({ line, at: Date.now() }));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdin.on('error', () => undefined);
  }

  static start(main: string, o: { urls: string[]; lockId: string; token: string; dataDir: string; args?: string[] }): ChaosBridge {
    // The repository's node_modules, from test/chaos (jest) or dist/test/chaos (the built run).
    const modules = [path.resolve(__dirname, '../../node_modules'), path.resolve(__dirname, '../../../node_modules')].join(path.delimiter);
    const args = [main, '--lock', o.lockId, ...o.urls.flatMap((u) => ['--url', u]), '--data-dir', o.dataDir, '--cursor-file', path.join(o.dataDir, 'events.cursor.json'), ...(o.args ?? [])];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, NODE_PATH: modules, PINGATE_BRIDGE_TOKEN: o.token },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new ChaosBridge(child);
  }

  /** Types a PIN once the previous one was answered; resolves with the answer and its times. */
  type(code: string, timeoutMs = 15_000): Promise<{ line: string; sentAt: number; answeredAt: number }> {
    const run = this.chain.then(
      () =>
        new Promise<{ line: string; sentAt: number; answeredAt: number }>((resolve, reject) => {
          const sentAt = Date.now();
          const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          this.waiting.push((line) => {
            clearTimeout(timer);
            resolve({ line, sentAt, answeredAt: Date.now() });
          });
          this.child.stdin.write(`${code}\n`);
        }),
    );
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** The first status line matching, at or after `from` (epoch ms), waiting up to `timeoutMs`. */
  async waitForStatus(match: RegExp, timeoutMs: number, from = 0): Promise<Stamped | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.status.find((s) => s.at >= from && match.test(s.line));
      if (hit || Date.now() > until) return hit ?? null;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
