import fs from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS = 100;

interface Sample {
  at: number;
  machineBusy: number;
  machineTotal: number;
  server: number | null;
  self: number;
  postgres: number | null;
  redis: number | null;
}

/** Where the CPU went during a phase, in % of one core (2 cores fully busy = 200%). */
export interface CpuUse {
  /** The API process under load. */
  serverPct: number | null;
  /** CPU seconds the API process used during the phase. */
  serverSeconds: number | null;
  /** This process: autocannon and the runner. */
  loadGeneratorPct: number;
  /** Every postgres process of this machine (a server elsewhere reads 0). */
  postgresPct: number | null;
  /** redis-server on this machine. */
  redisPct: number | null;
  /** Every process of the machine. */
  machinePct: number | null;
  /** machinePct minus all of the above: whatever else runs on the machine meanwhile. */
  otherPct: number | null;
  cores: number;
}

function machine(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) of a process from /proc, or null; with `reaped`, plus the time of
 * its children that exited (PostgreSQL backends that close move their time to the postmaster).
 */
export function processCpuSeconds(pid: number | string, reaped = false): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return (f[11] + f[12] + (reaped ? f[13] + f[14] : 0)) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by every process whose name is `comm`; null without /proc. */
function byName(comm: string): number | null {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  let sum = 0;
  for (const pid of pids) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) continue;
    } catch {
      continue;
    }
    sum += processCpuSeconds(pid, true) ?? 0;
  }
  return sum;
}

/** Starts measuring; the returned function ends the measurement. */
export function meterCpu(serverCpuSeconds: () => number | null): () => CpuUse {
  const take = (): Sample => {
    const m = machine();
    const u = process.cpuUsage();
    return {
      at: Date.now(),
      machineBusy: m?.busy ?? NaN,
      machineTotal: m?.total ?? NaN,
      server: serverCpuSeconds(),
      self: (u.user + u.system) / 1e6,
      postgres: byName('postgres'),
      redis: byName('redis-server'),
    };
  };
  const start = take();
  return () => {
    const end = take();
    const wall = (end.at - start.at) / 1000;
    const cores = os.cpus().length;
    const pct = (x: number) => Math.round((x / wall) * 1000) / 10;
    const delta = (a: number | null, b: number | null) => (a !== null && b !== null ? pct(b - a) : null);
    const machineTicks = end.machineTotal - start.machineTotal;
    const machinePct = Number.isFinite(machineTicks) && machineTicks > 0 ? Math.round(((end.machineBusy - start.machineBusy) / machineTicks) * cores * 1000) / 10 : null;
    const use = {
      serverPct: delta(start.server, end.server),
      serverSeconds: start.server !== null && end.server !== null ? end.server - start.server : null,
      loadGeneratorPct: pct(end.self - start.self),
      postgresPct: delta(start.postgres, end.postgres),
      redisPct: delta(start.redis, end.redis),
      machinePct,
      cores,
    };
    const known = (use.serverPct ?? 0) + use.loadGeneratorPct + (use.postgresPct ?? 0) + (use.redisPct ?? 0);
    return { ...use, otherPct: machinePct === null ? null : Math.max(0, Math.round((machinePct - known) * 10) / 10) };
  };
}
