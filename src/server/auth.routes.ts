import express from 'express';
import type { Core } from '../core.factory';
import { DomainError, ErrorCode } from '../shared/errors';
import { clientAddress } from './client-address';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './session.cookie';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
};

const fail = (res: express.Response, status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): void => {
  res.status(status).set('cache-control', 'no-store').json({ errors: [{ message, extensions: { code, ...extra } }] });
};

/**
 * Browser sessions (DESIGN.md rule 13), mounted at /auth:
 * - `POST /auth/sign-in` with JSON `{ "code": "..." }` redeems a sign-in link and answers 204 with
 *   the session in an `HttpOnly; SameSite=Strict` cookie (`Secure` on https);
 * - `POST /auth/sign-out` ends the cookie's session and clears the cookie (204, also without one).
 * Both refuse a request whose Origin, when sent, is not the public URL's (403), and sign-in one that
 * is not `application/json` (415): a cross-site form can send neither. Errors are JSON like the API's.
 */
export function authRoutes(core: Core): express.Router {
  const { publicUrl, sessionTtlHours, trustProxy } = core.config;
  const secure = publicUrl.startsWith('https:');
  const router = express.Router();

  const sameOrigin: express.RequestHandler = (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== publicUrl) return fail(res, 403, ErrorCode.FORBIDDEN, 'Cross-origin sign-in requests are refused');
    next();
  };

  router.post('/sign-in', sameOrigin, express.json({ limit: '16kb' }), async (req, res) => {
    if (!req.is('application/json')) return fail(res, 415, ErrorCode.BAD_USER_INPUT, 'Send the code as application/json');
    const code: unknown = (req.body as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string') return fail(res, 400, ErrorCode.BAD_USER_INPUT, 'code is required');
    try {
      const session = await core.services.signIn.redeem(core.db.fork(), code, clientAddress(req, trustProxy));
      const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)) || sessionTtlHours * 3600;
      res.status(204).set('cache-control', 'no-store').append('set-cookie', sessionCookie(session.token, maxAge, secure)).end();
    } catch (err) {
      if (!(err instanceof DomainError)) {
        core.logger.error({ err }, 'sign-in failed');
        return fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      }
      if (err.code === ErrorCode.RATE_LIMITED) res.set('retry-after', String(err.details.retryAfterSeconds ?? 60));
      fail(res, STATUS[err.code] ?? 500, err.code, err.message, err.details);
    }
  });

  router.post('/sign-out', sameOrigin, async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    try {
      const em = core.db.fork();
      const principal = token ? await core.services.tokens.authenticate(em, token) : null;
      if (principal) await core.services.tokens.endSession({ em, principal });
    } catch (err) {
      if (!(err instanceof DomainError)) {
        core.logger.error({ err }, 'sign-out failed');
        return fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      }
      // A cookie that holds no session (another kind of token) is cleared all the same.
    }
    res.status(204).set('cache-control', 'no-store').append('set-cookie', clearedSessionCookie(secure)).end();
  });

  router.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status;
    fail(res, status === 413 ? 413 : 400, ErrorCode.BAD_USER_INPUT, status === 413 ? 'The request body is too large' : 'The request body is not valid JSON');
  });
  return router;
}
