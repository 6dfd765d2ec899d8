import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/infra/logger';

/** A real pino logger whose lines are kept in memory, to be scanned by tests. */
export function capturedLogger(level = 'debug'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
