import pino, { type Logger } from 'pino';

/** Paths never written to a log: PIN digits, tokens, the pepper. */
export const REDACTED_PATHS = [
  'pin', 'code', 'token', 'pepper', 'authorization', 'variables',
  '*.pin', '*.code', '*.token', '*.pepper', '*.authorization', '*.variables',
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'pingate' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
}

export type { Logger };
