import type { Response } from 'express';
import type { ErrorCode } from '../shared/errors';

/** A GraphQL-shaped JSON error for a request refused before GraphQL ran. */
export function sendTransportError(res: Response, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) return;
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}
