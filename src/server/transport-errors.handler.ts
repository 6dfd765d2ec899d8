import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from '../infra/logger';
import { ErrorCode } from '../shared/errors';
import { sendTransportError } from './transport.response';

/** What body-parser (raw-body, http-errors) puts on the errors it passes on. */
interface BodyError {
  type?: unknown;
  status?: unknown;
  received?: unknown;
  length?: unknown;
}

const REFUSALS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  'entity.parse.failed': { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The body is not valid JSON' },
  'entity.too.large': { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The body is larger than 16 kB' },
  'charset.unsupported': { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'The body must be UTF-8 JSON' },
  'encoding.unsupported': { status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'The body must be UTF-8 JSON' },
  'request.aborted': { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The body ended before its Content-Length' },
  'request.size.invalid': { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The body does not match its Content-Length' },
};

const numberOr = (...values: unknown[]): number | null => {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
};

/** Bytes of the refused body: what was read, else what was announced. Never the body itself. */
const sizeOf = (err: BodyError, req: Request): number | null =>
  numberOr(err.received, err.length, req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']));

/**
 * The error handler of the HTTP transport, after the body parser and as the last handler of the
 * app: a GraphQL-shaped JSON error with `extensions.code` and the right status, one log line with
 * the kind of failure and the body's size (never the body: it may hold a PIN or a token, and
 * body-parser keeps it on the error), and no stack anywhere. Anything that is not a body failure
 * is INTERNAL_SERVER_ERROR.
 */
export function transportErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const err = (typeof error === 'object' && error !== null ? error : {}) as BodyError;
    const kind = typeof err.type === 'string' ? err.type : null;
    const refusal = kind ? REFUSALS[kind] : undefined;
    const status = typeof err.status === 'number' ? err.status : 500;
    if (refusal || (kind && status >= 400 && status < 500)) {
      logger.warn({ kind, bytes: sizeOf(err, req) }, 'request body refused');
      const { status: answer, code, message } = refusal ?? { status, code: ErrorCode.BAD_REQUEST, message: 'The request body was refused' };
      sendTransportError(res, answer, code, message);
      return;
    }
    logger.error({ err: error }, 'request failed');
    sendTransportError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}

/** Any path the app does not serve: a JSON 404. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendTransportError(res, 404, ErrorCode.NOT_FOUND, 'Not found');
};
