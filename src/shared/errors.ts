/** Every error code a client may see in `extensions.code` (DESIGN.md section 4). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  PIN_ALREADY_ASSIGNED = 'PIN_ALREADY_ASSIGNED',
  PIN_NOT_ALLOWED = 'PIN_NOT_ALLOWED',
  CUSTOM_PIN_UNAVAILABLE = 'CUSTOM_PIN_UNAVAILABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  /** A replay from a cursor whose following events retention has deleted: resubscribe without `after`. */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** Transport failures, before GraphQL: a body that is not JSON, an aborted body, a bad request. */
  BAD_REQUEST = 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
}

/**
 * The one error type services throw. Its message is shown to clients as is, so it must never
 * carry a secret (PIN digits, tokens, digests).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (message: string, field?: string): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what: string): DomainError => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = 'Not allowed'): DomainError => new DomainError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (): DomainError =>
  new DomainError(ErrorCode.UNAUTHENTICATED, 'A valid bearer token is required');
