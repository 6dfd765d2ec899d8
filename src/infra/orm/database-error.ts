import { DriverException } from '@mikro-orm/core';

/**
 * What may be said of a database error: its class, its code (SQLSTATE, or SQLite's code), and the
 * table and constraint it names. (`errorCode`, not `code`: the logger redacts every `code`, a PIN's.) Never its message, detail, SQL or parameters: those quote the
 * values bound to the statement (a PIN digest, a token hash).
 */
export interface DatabaseErrorSummary {
  type: string;
  errorCode: string | null;
  table: string | null;
  constraint: string | null;
}

type Fields = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const CODE = /^[A-Za-z0-9_]{1,64}$/;
const identifier = (v: unknown): string | null => (typeof v === 'string' && IDENTIFIER.test(v) ? v : null);
const code = (v: unknown): string | null => (typeof v === 'string' && CODE.test(v) ? v : typeof v === 'number' ? String(v) : null);

/** pg's DatabaseError: a SQLSTATE code and a severity. */
const isPgError = (e: Fields): boolean => typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
/** libsql's LibsqlError (and sqlite3's): a code named SQLITE_*. */
const isSqliteError = (e: Fields): boolean => typeof e.code === 'string' && e.code.startsWith('SQLITE_');

/**
 * The table a message names, read only where the driver puts a bare identifier: SQLite's
 * "UNIQUE constraint failed: pin.digest" or "no such table: pin", or the statement's own
 * "insert into "pin"". Anything else yields null rather than a guess.
 */
function tableIn(message: string): string | null {
  const sqlite = /(?:constraint failed|no such table): [`"]?([A-Za-z_][A-Za-z0-9_]*)/.exec(message);
  if (sqlite) return sqlite[1];
  const statement = /^\s*(?:insert into|update|delete from|select [\s\S]*? from)\s+[`"]?([A-Za-z_][A-Za-z0-9_]*)[`"]?/i.exec(message);
  return statement ? statement[1] : null;
}

/** The error itself or what it wraps (GraphQL's originalError, an Error's cause), nearest first. */
function* chain(error: unknown): Generator<Fields> {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    yield e as Fields;
    const next: unknown = (e as Fields).originalError ?? (e as Fields).cause;
    if (next === e) return;
    e = next;
  }
}

/**
 * The summary of a database error (MikroORM's DriverException and its subclasses, pg's
 * DatabaseError, libsql's errors), found in the error or what it wraps; null for any other error.
 */
export function databaseErrorSummary(error: unknown): DatabaseErrorSummary | null {
  for (const e of chain(error)) {
    if (!(e instanceof DriverException) && !isPgError(e) && !isSqliteError(e)) continue;
    const message = typeof e.message === 'string' ? e.message : '';
    return {
      type: identifier((e as { constructor?: { name?: unknown } }).constructor?.name) ?? 'DatabaseError',
      errorCode: code(e.sqlState) ?? code(e.code),
      table: identifier(e.table) ?? tableIn(message),
      constraint: identifier(e.constraint),
    };
  }
  return null;
}

/** One line for a person: "database error UniqueConstraintViolationException (code 23505, table pin)". */
export function describeDatabaseError(s: DatabaseErrorSummary): string {
  const parts = [s.errorCode && `code ${s.errorCode}`, s.table && `table ${s.table}`, s.constraint && `constraint ${s.constraint}`].filter(Boolean);
  return `database error ${s.type}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
