import { spawnSync } from 'node:child_process';

/**
 * Whether a TCP service answers, checked synchronously at module load so a suite can choose
 * `describe` or `describe.skip`. With `probe` and `expect`, the reply must contain `expect`.
 */
export function reachable(url: string, probe?: string, expect?: string): boolean {
  const { hostname, port } = new URL(url);
  const script = `
    const s = require('node:net').connect(${Number(port)}, ${JSON.stringify(hostname || '127.0.0.1')});
    const done = (ok) => { s.destroy(); process.exit(ok ? 0 : 1); };
    s.setTimeout(800, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => { const p = ${JSON.stringify(probe ?? '')}; if (!p) done(true); else s.write(p); });
    let got = '';
    s.on('data', (d) => { got += d; if (got.includes(${JSON.stringify(expect ?? '')})) done(true); });`;
  return spawnSync(process.execPath, ['-e', script], { timeout: 3000 }).status === 0;
}

/**
 * `describe` when the service answers. Otherwise `describe.skip` with a warning, or, when
 * CI=true, a failing suite: CI must never pass by skipping.
 */
export function describeIfReachable(what: string, ok: boolean): jest.Describe {
  if (ok) return describe;
  if (process.env.CI === 'true') throw new Error(`${what} is required when CI=true, and it does not answer`);
  console.warn(`SKIPPED: ${what} does not answer; these tests did not run`);
  return describe.skip;
}
