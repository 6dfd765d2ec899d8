import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Folders of web/ that are outputs, not sources of the console. */
const NOT_SOURCES = new Set(['screenshots', 'node_modules']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NOT_SOURCES.has(entry.name)) sourceFiles(full, out);
    } else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** A hash of web/'s sources and package-lock.json: two runs over the same sources share one build. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(path.join(PROJECT_ROOT, 'web')), path.join(PROJECT_ROOT, 'package-lock.json')]) {
    hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

let building: Promise<string> | null = null;

/**
 * The console built from the current sources, in a folder named by their hash under the temp dir
 * (pass it as WEB_DIST). Built once: a later call, another jest worker or another run over the
 * same sources reuses the folder. Each build goes to its own temp folder which is then renamed into
 * place, so no two builds ever write the same folder and no reader sees half a build.
 */
export function buildConsole(): Promise<string> {
  building ??= (async () => {
    const target = path.join(os.tmpdir(), `pingate-web-${consoleSourceHash()}`);
    if (fs.existsSync(path.join(target, 'index.html'))) return target;
    const scratch = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await run(process.execPath, [
        path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'web/vite.config.mts',
        '--outDir',
        scratch,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ]);
      try {
        fs.renameSync(scratch, target);
      } catch (err) {
        // Another worker renamed its identical build into place first: use it.
        if (!fs.existsSync(path.join(target, 'index.html'))) throw err;
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    return target;
  })();
  building.catch(() => {
    building = null;
  });
  return building;
}
