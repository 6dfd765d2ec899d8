import autocannon from 'autocannon';
import type { CpuUse } from './cpu.meter';
import { meterCpu } from './cpu.meter';

/** One measured phase, as printed and written to bench/results.json. */
export interface PhaseResult {
  reqPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  durationS: number;
  connections: number;
  /** Responses that were not 2xx. */
  non2xx: number;
  /** 2xx responses whose body was not the answer the phase expects (e.g. not GRANTED). */
  wrongAnswers: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** CPU time of the API process per answered request, in microseconds: steadier than req/s on a busy machine. */
  apiCpuUsPerRequest: number | null;
  cpu: CpuUse;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests. */
  duration?: number;
  amount?: number;
  headers?: Record<string, string>;
  /** JSON bodies sent in turn, across every connection. */
  bodies: readonly string[];
  /** False for a 2xx answer that is not what the phase expects. */
  expect: (body: string) => boolean;
  serverCpuSeconds: () => number | null;
  title: string;
}

/** Loads the API with POST /graphql, rotating through `bodies`, and reduces autocannon's result. */
export async function runLoad(spec: LoadSpec): Promise<PhaseResult> {
  let next = 0;
  const bodies = spec.bodies.map((b) => Buffer.from(b));
  const rotate = bodies.length > 1;
  const stopMeter = meterCpu(spec.serverCpuSeconds);
  // autocannon's histogram keeps whole milliseconds; its 'response' event has the exact time.
  const latencies: number[] = [];
  const instance = autocannon({
    url: spec.url,
    title: spec.title,
    connections: spec.connections,
    ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...spec.headers },
    body: bodies[0],
    ...(rotate ? { requests: [{ setupRequest: (req: autocannon.RawRequest) => ({ ...req, body: bodies[next++ % bodies.length] }) }] } : {}),
    verifyBody: spec.expect,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  const cpu = stopMeter();
  latencies.sort((x, y) => x - y);
  const at = (q: number) => (latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]);
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    reqPerSec: round(result.requests.average, 1),
    p50Ms: round(at(0.5)),
    p90Ms: round(at(0.9)),
    p99Ms: round(at(0.99)),
    maxMs: round(at(1)),
    requests: result.requests.total,
    durationS: round(result.duration, 2),
    connections: spec.connections,
    non2xx: result.non2xx,
    // autocannon counts every body that fails `expect`, non-2xx ones included.
    wrongAnswers: Math.max(0, result.mismatches - result.non2xx),
    errors: result.errors + result.timeouts,
    apiCpuUsPerRequest: cpu.serverSeconds === null || result.requests.total === 0 ? null : Math.round((cpu.serverSeconds * 1e6) / result.requests.total),
    cpu,
  };
}
