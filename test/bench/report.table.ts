import type { PhaseResult } from './load.phase';

export interface TableRow {
  phase: string;
  result: PhaseResult | null;
  note?: string;
}

const pad = (s: string, n: number, right: boolean) => (right ? s.padStart(n) : s.padEnd(n));
const pct = (x: number | null) => (x === null ? '-' : x.toFixed(0));

/** The phases as a plain-text table; CPU in % of one core, per process group. */
export function formatTable(rows: readonly TableRow[]): string {
  const cores = rows.find((r) => r.result)?.result?.cpu.cores ?? 0;
  const head = ['phase', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'wrong', 'errors', 'API CPU µs/req', `CPU% api/pg/redis/bench/other (of ${cores * 100})`];
  const cells = rows.map((r) => {
    const x = r.result;
    if (!x) return [r.phase];
    const c = x.cpu;
    return [
      r.phase,
      x.reqPerSec.toFixed(0),
      x.p50Ms.toFixed(2),
      x.p99Ms.toFixed(2),
      String(x.requests),
      String(x.non2xx),
      String(x.wrongAnswers),
      String(x.errors),
      x.apiCpuUsPerRequest === null ? '-' : String(x.apiCpuUsPerRequest),
      [c.serverPct, c.postgresPct, c.redisPct, c.loadGeneratorPct, c.otherPct].map(pct).join('/'),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => pad(v, widths[i], i > 0 && i < 9)).join('  ').trimEnd();
  const body = cells.map((c, k) => (rows[k].result ? line(c) : `${pad(rows[k].phase, widths[0], false)}  ${rows[k].note ?? ''}`));
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body].join('\n');
}
