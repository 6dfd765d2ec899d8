// The console's first-load weight: the gzipped size of the JavaScript a browser fetches before the
// first page shows (index.html's entry scripts and modulepreloads, and every module they import
// statically, transitively; lazy chunks loaded by `import()` are not counted).
//
//   node web/bundle.budget.mjs [dist/web] [--json]
//
// Prints one line (or one JSON object with --json). `npm run build` runs it after Vite.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const BUDGET_BYTES = 250 * 1024;

const SCRIPT_SRC = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g;
const MODULEPRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g;
// `import x from "./a.js"`, `import "./a.js"`, `export { x } from "./a.js"`; never `import("./a.js")`.
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"'\n]+\.js)["']/g;

const all = (re, text) => [...text.matchAll(re)].map((m) => m[1]);

/** The files of the first load, relative to the build folder, and their gzipped sizes. */
export function firstLoad(dist) {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const toFile = (url) => path.join(dist, decodeURI(url.split(/[?#]/)[0]).replace(/^\//, ''));
  const queue = [...all(SCRIPT_SRC, html), ...all(MODULEPRELOAD, html)].filter((u) => !/^[a-z]+:/i.test(u)).map(toFile);
  const seen = new Map();
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    const code = fs.readFileSync(file);
    seen.set(file, zlib.gzipSync(code, { level: 9 }).length);
    for (const spec of all(STATIC_IMPORT, code.toString('utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        queue.push(spec.startsWith('/') ? toFile(spec) : path.resolve(path.dirname(file), spec));
      }
    }
  }
  const files = [...seen].map(([file, gzipBytes]) => ({ file: path.relative(dist, file), gzipBytes }));
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), budgetBytes: BUDGET_BYTES };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const dist = path.resolve(args.find((a) => !a.startsWith('--')) ?? 'dist/web');
  const report = firstLoad(dist);
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const kb = (n) => (n / 1024).toFixed(1);
    const over = report.gzipBytes > BUDGET_BYTES ? ' OVER BUDGET' : '';
    process.stdout.write(
      `console first load: ${kb(report.gzipBytes)} kB gzipped JS in ${report.files.length} file(s) (budget ${kb(BUDGET_BYTES)} kB)${over}\n`,
    );
  }
}
