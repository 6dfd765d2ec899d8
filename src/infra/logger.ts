import pino, { type Logger } from 'pino';
import { databaseErrorSummary } from './orm/database-error';

/** Paths never written to a log: PIN digits, tokens, the pepper. */
export const REDACTED_PATHS = [
  'pin', 'code', 'token', 'pepper', 'authorization', 'variables',
  '*.pin', '*.code', '*.token', '*.pepper', '*.authorization', '*.variables',
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
];

/**
 * pino's error serializer, except for database errors: their message, detail and stack quote the
 * SQL and its bound values (a PIN digest, a token hash), so only their type, code, table and
 * constraint are written.
 */
export function serializeError(err: unknown): unknown {
  const database = databaseErrorSummary(err);
  if (database) return database;
  return err instanceof Error ? pino.stdSerializers.err(err) : err;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'pingate' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      hooks: {
        // pino makes an Error given alone its line's message: not a database error's.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (first instanceof Error && typeof second !== 'string' && databaseErrorSummary(first)) {
            return method.apply(this, [{ err: first }, 'database error'] as never);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}

export type { Logger };
