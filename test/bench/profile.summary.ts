import fs from 'node:fs';
import path from 'node:path';

/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --profile`): self time by package and by
 * function, and the inclusive (synchronous) time under the frames of the hot path.
 * Usage: node dist/test/bench/profile.summary.js <file.cpuprofile> [top=25]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const WATCHED = [
  'principalFor',
  'authenticate',
  'decide',
  'reserve',
  'release',
  'getLock',
  'getPin',
  'getGrants',
  'record',
  'flush',
  'append',
  'publish',
  'execute',
  'processRequest',
  'executeHTTPGraphQLRequest',
  'validate',
  'parse',
  'formatError',
];

function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const src = url.indexOf('/dist/src/');
  if (src >= 0) return 'pingate:' + url.slice(src + '/dist/src/'.length).split('/').slice(0, 2).join('/');
  return path.basename(url);
}

function main(): void {
  const [file, topRaw] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile.summary.js <file.cpuprofile> [top]');
  const top = Number(topRaw ?? 25);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
  const pkgs = new Map<string, number>();
  const funcs = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    add(pkgs, packageOf(url, functionName), t);
    add(funcs, `${functionName || '(anonymous)'} ${packageOf(url, functionName)}:${lineNumber + 1}`, t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (WATCHED.includes(name) && !seen.has(name)) {
        seen.add(name);
        add(inclusive, name, t);
      }
    }
  }
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const share = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const print = (title: string, m: Map<string, number>, n: number) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`  ${share(t).padStart(6)}  ${ms(t).padStart(9)}  ${k}\n`);
  };
  process.stdout.write(`${path.basename(file)}: ${ms(total)} sampled, ${ms(busy)} busy (${((busy / total) * 100).toFixed(0)}%)\n`);
  print('self time by package (share of busy time)', pkgs, top);
  print('self time by function', funcs, top);
  print('inclusive synchronous time under (async continuations are not attributed to their caller)', inclusive, WATCHED.length);
}

main();
