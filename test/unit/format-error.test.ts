import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { formatError } from '../../src/server/errors';
import { DomainError, ErrorCode } from '../../src/shared/errors';

const locations = [{ line: 1, column: 12 }];

/** What Apollo hands formatError for an error thrown inside a resolver: located, with a path. */
function resolverError(original: Error, code = 'INTERNAL_SERVER_ERROR'): [GraphQLFormattedError, GraphQLError] {
  const error = new GraphQLError(original.message, { path: ['assignPin'], originalError: original });
  return [{ message: original.message, locations, path: ['assignPin'], extensions: { code, stacktrace: ['at x'] } }, error];
}

/** What Apollo hands formatError for a request that failed before execution (no path). */
function requestError(message: string, code: string): [GraphQLFormattedError, GraphQLError] {
  const error = new GraphQLError(message, { extensions: { code } });
  return [{ message, locations, extensions: { code } }, error];
}

describe('formatError', () => {
  describe('domain errors', () => {
    it('keeps the code and message of a DomainError', () => {
      const [formatted, error] = resolverError(new DomainError(ErrorCode.PIN_ALREADY_ASSIGNED, 'The user already has an active AUTO PIN'));
      const out = formatError(formatted, error, false);
      expect(out.message).toBe('The user already has an active AUTO PIN');
      expect(out.extensions?.code).toBe(ErrorCode.PIN_ALREADY_ASSIGNED);
    });

    it('keeps the path and locations', () => {
      const [formatted, error] = resolverError(new DomainError(ErrorCode.NOT_FOUND, 'Lock not found'));
      const out = formatError(formatted, error, false);
      expect([out.path, out.locations]).toEqual([['assignPin'], locations]);
    });

    it('carries the details of a DomainError as extensions', () => {
      const [formatted, error] = resolverError(new DomainError(ErrorCode.RATE_LIMITED, 'Too many', { retryAfterSeconds: 3600 }));
      expect(formatError(formatted, error, false).extensions).toEqual({ code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 3600 });
    });

    it('drops the stack trace Apollo put in the extensions', () => {
      const [formatted, error] = resolverError(new DomainError(ErrorCode.FORBIDDEN, 'Not allowed'));
      expect(formatError(formatted, error, true).extensions).not.toHaveProperty('stacktrace');
    });
  });

  describe('unknown errors', () => {
    const leak = 'connect ECONNREFUSED 10.0.0.5:5432 (user pingate)';

    it('become INTERNAL_SERVER_ERROR with "Internal server error"', () => {
      const [formatted, error] = resolverError(new Error(leak));
      const out = formatError(formatted, error, false);
      expect(out.message).toBe('Internal server error');
      expect(out.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    });

    it('keep their message when exposeUnknown is set, still as INTERNAL_SERVER_ERROR', () => {
      const [formatted, error] = resolverError(new Error(leak));
      const out = formatError(formatted, error, true);
      expect(out.message).toBe(leak);
      expect(out.extensions?.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    });

    it('mask a thrown non-Error value too', () => {
      const out = formatError({ message: 'Unexpected error value: "oops"', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, 'oops', false);
      expect([out.message, out.extensions?.code]).toEqual(['Internal server error', ErrorCode.INTERNAL_SERVER_ERROR]);
    });
  });

  describe('request errors never echo the value sent', () => {
    it('masks "12ab34" in a variable coercion error and keeps BAD_USER_INPUT', () => {
      const message = 'Variable "$pin" got invalid value "12ab34"; String cannot represent a non string value: "12ab34"';
      const out = formatError(...requestError(message, 'BAD_USER_INPUT'), false);
      expect(out.message).not.toContain('12ab34');
      expect(out.message).toContain('$pin');
      expect(out.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('masks a number sent for a String variable (both places graphql-js quotes it)', () => {
      const message = 'Variable "$pin" got invalid value 482913; String cannot represent a non string value: 482913';
      const out = formatError(...requestError(message, 'BAD_USER_INPUT'), false);
      expect(out.message).not.toContain('482913');
      expect(out.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('masks a PIN inside an input object with a path', () => {
      const message = 'Variable "$input" got invalid value 482913 at "input.code"; String cannot represent a non string value: 482913';
      expect(formatError(...requestError(message, 'BAD_USER_INPUT'), false).message).not.toContain('482913');
    });

    it('masks the whole input object quoted for an unknown field, PIN included', () => {
      const message =
        'Variable "$input" got invalid value { code: "482913", kind: "CUSTOM", extra: 1 }; Field "extra" is not defined by type "AssignPinInput".';
      expect(formatError(...requestError(message, 'BAD_USER_INPUT'), false).message).not.toContain('482913');
    });

    it('masks the whole input object even when an earlier field holds a semicolon', () => {
      // graphql-js prints the object in the order the client sent it; a ";" inside an earlier
      // string must not end the masking before the PIN.
      const message =
        'Variable "$input" got invalid value { userId: "a;b", code: "482913", extra: 1 }; Field "extra" is not defined by type "AssignPinInput".';
      const out = formatError(...requestError(message, 'BAD_USER_INPUT'), false);
      expect(out.message).not.toContain('482913');
      expect(out.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('masks a literal in the query refused by validation as GRAPHQL_VALIDATION_FAILED, as BAD_USER_INPUT', () => {
      const message = 'String cannot represent a non string value: 482913';
      const out = formatError(...requestError(message, 'GRAPHQL_VALIDATION_FAILED'), false);
      expect(out.message).not.toContain('482913');
      expect(out.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('masks "Expected value of type ..., found <value>"', () => {
      const message = 'Expected value of type "Int!", found "12ab34"; Int cannot represent non-integer value: "12ab34"';
      const out = formatError(...requestError(message, 'GRAPHQL_VALIDATION_FAILED'), false);
      expect(out.message).not.toContain('12ab34');
      expect(out.extensions?.code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    it('turns a parse failure into BAD_USER_INPUT', () => {
      const out = formatError(...requestError('Syntax Error: Expected Name, found "}".', 'GRAPHQL_PARSE_FAILED'), false);
      expect(out.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT });
    });
  });

  describe('argument validation (type-graphql)', () => {
    it('becomes BAD_USER_INPUT naming the fields, never their values', () => {
      const invalid = { property: 'code', value: '482913', constraints: { length: 'code must be 4 to 6 digits' }, children: [] } as unknown as ValidationError;
      const [formatted, error] = resolverError(new ArgumentValidationError([invalid]), 'BAD_USER_INPUT');
      const out = formatError(formatted, error, false);
      expect(out.extensions).toEqual({ code: ErrorCode.BAD_USER_INPUT, fields: ['code'] });
      expect(JSON.stringify(out)).not.toContain('482913');
    });
  });
});
