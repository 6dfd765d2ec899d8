import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project's folder, from test/support or from its compiled copy in dist/test/support. */
function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'web', 'vite.config.mts'))) return dir;
  }
  return path.resolve(__dirname, '..', '..');
}

export const PROJECT_ROOT = projectRoot();

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
  // The recipe is part of the name: a change to how the build is made never reuses an older one.
  const hash = createHash('sha256').update('vite build, NODE_ENV=production\0');
  for (const file of [...sourceFiles(path.join(PROJECT_ROOT, 'web')), path.join(PROJECT_ROOT, 'package-lock.json')]) {
    hash.update(path.relative(PROJECT_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // A production build, as `npm run build` makes it (jest sets NODE_ENV=test, which would bundle React's development build).
    execFile(file, args, { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

let building: Promise<string> | null = null;

/** Vite refuses a second build of one project while another runs (another jest worker, mostly). */
const VITE_BUSY = /Found another Vite build process/;

/**
 * Runs a Vite build, waiting out another process's build of the project: when that one was of the
 * same sources, its output at `target` is used instead (resolves false); otherwise this one runs
 * once it is done (resolves true).
 */
async function viteBuild(target: string, args: string[]): Promise<boolean> {
  const until = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await run(process.execPath, args);
      return true;
    } catch (err) {
      if (!VITE_BUSY.test((err as Error).message) || Date.now() > until) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
    if (fs.existsSync(path.join(target, 'index.html'))) return false;
  }
}

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
      const built = await viteBuild(target, [
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
      if (built) {
        try {
          fs.renameSync(scratch, target);
        } catch (err) {
          // Another worker renamed its identical build into place first: use it.
          if (!fs.existsSync(path.join(target, 'index.html'))) throw err;
        }
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
