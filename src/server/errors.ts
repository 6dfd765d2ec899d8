import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { databaseErrorSummary } from '../infra/orm/database-error';
import { DomainError, ErrorCode } from '../shared/errors';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
/** Codes graphql-js and Apollo give to requests that never reached a resolver. */
const REQUEST_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
};

/** Variable errors quote the value sent: a PIN must never be echoed (DESIGN.md 3b). */
const maskValues = (message: string): string => {
  const variable = /^(Variable "\$[^"]+") got invalid value/.exec(message);
  if (variable) return `${variable[1]} got an invalid value.`;
  return message
    .replace(/(Expected value of type "[^"]+", found )[\s\S]*$/, '$1an invalid value.')
    .replace(/(cannot represent[^:]*:) [\s\S]*$/i, '$1 an invalid value.')
    .replace(/(Value is not a valid [A-Za-z]+)[\s\S]*$/, '$1');
};

/**
 * The one error mapping, for HTTP and WebSocket: domain errors keep their code and message,
 * request errors become BAD_USER_INPUT without the values sent, anything else is masked
 * (unless `exposeUnknown`, in development; database errors always, since their text quotes the
 * values bound to the statement).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeUnknown: boolean): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (databaseErrorSummary(error)) return internalError(formatted, false);
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors?.map((v) => v.property) ?? [];
    return { ...base, message: 'Argument validation failed', extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (KNOWN_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    return { ...base, message: maskValues(formatted.message), extensions: { code } };
  }
  if (REQUEST_CODES[code] || (original instanceof GraphQLError && !original.originalError && !formatted.path)) {
    return { ...base, message: maskValues(formatted.message), extensions: { code: REQUEST_CODES[code] ?? ErrorCode.BAD_USER_INPUT } };
  }
  return internalError(formatted, exposeUnknown);
}

const internalError = (formatted: GraphQLFormattedError, expose: boolean): GraphQLFormattedError => ({
  locations: formatted.locations,
  path: formatted.path,
  message: expose ? formatted.message : 'Internal server error',
  extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
});
