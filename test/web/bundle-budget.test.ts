import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildConsole, PROJECT_ROOT } from '../support/console-build.support';

const BUDGET_BYTES = 250 * 1024;
const SCRIPT = path.join(PROJECT_ROOT, 'web', 'bundle.budget.mjs');

interface Report {
  files: Array<{ file: string; gzipBytes: number }>;
  gzipBytes: number;
  budgetBytes: number;
}

const measure = (dist: string): Report => JSON.parse(execFileSync(process.execPath, [SCRIPT, dist, '--json'], { encoding: 'utf8' })) as Report;

describe('Console bundle budget', () => {
  it('the first load of the built console is at most 250 kB of gzipped JavaScript', async () => {
    const dist = await buildConsole();
    const report = measure(dist);
    const entry = /src="\/(assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'))![1];
    expect(report.files.map((f) => f.file)).toContain(entry);
    expect(report.budgetBytes).toBe(BUDGET_BYTES);
    expect(report.gzipBytes).toBeGreaterThan(0);
    expect(report.gzipBytes).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 180_000);

  it('counts the entry, modulepreloads and static imports (transitively, once each) but not lazy chunks', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-budget-'));
    try {
      fs.mkdirSync(path.join(dist, 'assets'));
      const files: Record<string, string> = {
        'entry.js': `import{a as x}from"./shared.js";import"./side.js";const l=()=>import("./lazy.js");export{x,l};`,
        'shared.js': `export{b as a}from"./deep.js";`,
        'deep.js': `export const b=${JSON.stringify('d'.repeat(500))};`,
        'side.js': `import"./shared.js";console.log(1);`,
        'preloaded.js': `export const p=2;`,
        'lazy.js': `export const z=${JSON.stringify('z'.repeat(50_000))};`,
      };
      for (const [name, code] of Object.entries(files)) fs.writeFileSync(path.join(dist, 'assets', name), code);
      fs.writeFileSync(
        path.join(dist, 'index.html'),
        `<!doctype html><html><head><script type="module" crossorigin src="/assets/entry.js"></script>` +
          `<link rel="modulepreload" crossorigin href="/assets/preloaded.js"></head><body></body></html>`,
      );
      const report = measure(dist);
      const counted = ['entry.js', 'shared.js', 'deep.js', 'side.js', 'preloaded.js'];
      expect(report.files.map((f) => f.file).sort()).toEqual(counted.map((f) => `assets/${f}`).sort());
      const expected = counted.reduce((sum, f) => sum + zlib.gzipSync(files[f]!, { level: 9 }).length, 0);
      expect(report.gzipBytes).toBe(expected);
      const line = execFileSync(process.execPath, [SCRIPT, dist], { encoding: 'utf8' });
      expect(line).toMatch(/^console first load: [\d.]+ kB gzipped JS in 5 file\(s\) \(budget 250\.0 kB\)\n$/);
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
