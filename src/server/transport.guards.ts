import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '../shared/errors';
import { sendTransportError } from './transport.response';

/** /graphql answers GET and POST only; anything else is 405 with `Allow`. */
export function onlyGetAndPost(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'POST') {
    next();
    return;
  }
  res.set('allow', 'GET, POST');
  sendTransportError(res, 405, ErrorCode.METHOD_NOT_ALLOWED, 'Only GET and POST are answered');
}

/** The media type of a Content-Type header, lower case, without its parameters. */
const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0].trim().toLowerCase();

/**
 * A POST body must be `application/json`: anything else (or nothing) is 415 before the body is
 * read, so no other parser or the CSRF check ever sees it. GET keeps Apollo's CSRF prevention.
 */
export function jsonPostsOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || mediaType(req.headers['content-type']) === 'application/json') {
    next();
    return;
  }
  sendTransportError(res, 415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'A POST body must be application/json');
}

/** A PIN must never reach a URL or an access log: lockAccess only over POST (DESIGN.md 3b). */
export function refuseLockAccessOverGet(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET') {
    next();
    return;
  }
  let url: string;
  try {
    url = decodeURIComponent(req.originalUrl);
  } catch {
    sendTransportError(res, 400, ErrorCode.BAD_REQUEST, 'The URL is not validly encoded');
    return;
  }
  if (!/lockAccess/.test(url)) {
    next();
    return;
  }
  res.set('allow', 'POST');
  sendTransportError(res, 405, ErrorCode.METHOD_NOT_ALLOWED, 'lockAccess is only answered over POST');
}
