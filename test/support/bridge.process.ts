import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import ts from 'typescript';
import { eventually } from './clock.support';

const ROOT = path.resolve(__dirname, '../..');
let built: string | null = null;

/**
 * The reference bridge (bots/bridge and the generated documents it uses) compiled file by file
 * into a temporary folder, once per test process; returns its main.js. It imports nothing of src/.
 */
export function buildBridge(): string {
  if (built) return built;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-bridge-build-'));
  for (const dir of ['bots/bridge', 'bots/gql']) {
    fs.mkdirSync(path.join(out, dir), { recursive: true });
    for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((n) => n.endsWith('.ts'))) {
      const source = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, useDefineForClassFields: false },
        fileName: f,
      });
      fs.writeFileSync(path.join(out, dir, f.replace(/\.ts$/, '.js')), outputText);
    }
  }
  built = path.join(out, 'bots/bridge/main.js');
  return built;
}

export interface BridgeProcessOptions {
  urls: string[];
  lockId: string;
  token: string;
  dataDir: string;
  cursorFile: string;
  args?: string[];
}

/** A bridge process: PINs in on stdin, its answer lines, EVENT lines and status lines out. */
export class BridgeProcess {
  readonly answers: string[] = [];
  readonly events: string[] = [];
  readonly status: string[] = [];
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    readline.createInterface({ input: child.stdout }).on('line', (line) => void (line.startsWith('EVENT ') ? this.events : this.answers).push(line));
    readline.createInterface({ input: child.stderr }).on('line', (line) => void this.status.push(line));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(o: BridgeProcessOptions): BridgeProcess {
    const args = [buildBridge(), '--lock', o.lockId, ...o.urls.flatMap((u) => ['--url', u]), '--data-dir', o.dataDir, '--cursor-file', o.cursorFile, ...(o.args ?? [])];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, NODE_PATH: path.join(ROOT, 'node_modules'), PINGATE_BRIDGE_TOKEN: o.token },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new BridgeProcess(child);
  }

  /** Types a PIN and resolves with the keypad's answer line. */
  async type(pin: string, timeoutMs = 10_000): Promise<string> {
    const before = this.answers.length;
    this.child.stdin.write(`${pin}\n`);
    await eventually(() => expect(this.answers.length).toBeGreaterThan(before), timeoutMs);
    return this.answers[before];
  }

  async waitForStatus(match: RegExp, timeoutMs = 10_000, from = 0): Promise<string> {
    await eventually(() => expect(this.status.slice(from).some((l) => match.test(l))).toBe(true), timeoutMs);
    return this.status.slice(from).find((l) => match.test(l)) as string;
  }

  /** SIGKILL: a crash, nothing flushed on the way out. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
