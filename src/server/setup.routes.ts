import express from 'express';
import type { Core } from '../core.factory';
import type { SetupCode } from '../modules/site/setup-code';
import { Site, SitePlan } from '../modules/site/site.entity';
import { DomainError, ErrorCode } from '../shared/errors';
import { clientAddress } from './client-address';
import { sessionCookie } from './session.cookie';

/** Field names of the set-up form, for errors shown next to the right field. */
const FORM_FIELD: Record<string, string> = { name: 'siteName', timezone: 'timezone', adminName: 'adminName', email: 'adminEmail', plan: 'plan' };

const fail = (res: express.Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void => {
  res.status(status).set('cache-control', 'no-store').json({ errors: [{ message, extensions: { code, ...extra } }] });
};

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * `POST /auth/setup` (development only): with the set-up link's code printed by `npm start` on an
 * empty database, JSON `{ code, siteName, timezone, plan, adminName, adminEmail }` creates the
 * first site and its admin (as `cli create-site` does) and answers 204 with the admin's session
 * cookie. 404 outside development; 409 SETUP_CLOSED once any site exists; 401 for a wrong, used
 * or expired code; 400 with `field` for bad input (the code stays usable). Same Origin rule as
 * /auth/sign-in, JSON only.
 */
export function setupRoutes(core: Core, setup: SetupCode | null): express.Router {
  const { publicUrl, sessionTtlHours, trustProxy } = core.config;
  const secure = publicUrl.startsWith('https:');
  const router = express.Router();

  router.post('/setup', (req, res, next) => {
    if (core.config.env !== 'development') return fail(res, 404, ErrorCode.NOT_FOUND, 'Not found');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== publicUrl) return fail(res, 403, ErrorCode.FORBIDDEN, 'Cross-origin set-up requests are refused');
    next();
  }, express.json({ limit: '16kb' }), async (req, res) => {
    if (!req.is('application/json')) return fail(res, 415, ErrorCode.BAD_USER_INPUT, 'Send the form as application/json');
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const em = core.db.fork();
      if (!setup || (await em.count(Site, {})) > 0) {
        return fail(res, 409, 'SETUP_CLOSED', 'PinGate is already set up: sign in with the link your site admin sent you');
      }
      const plan = text(body.plan) ?? 'STANDARD';
      if (!Object.values(SitePlan).includes(plan as SitePlan)) return fail(res, 400, ErrorCode.BAD_USER_INPUT, 'plan must be STANDARD or PRO', { field: 'plan' });
      for (const field of ['siteName', 'timezone', 'adminName'] as const) {
        if (text(body[field]) === null) return fail(res, 400, ErrorCode.BAD_USER_INPUT, `${field} is required`, { field });
      }
      if (body.adminEmail != null && text(body.adminEmail) === null) return fail(res, 400, ErrorCode.BAD_USER_INPUT, 'adminEmail must be a string', { field: 'adminEmail' });
      if (!setup.take(body.code)) return fail(res, 401, ErrorCode.UNAUTHENTICATED, 'This set-up link has expired or was already used: restart PinGate for a new one');
      let created;
      try {
        created = await core.services.sites.createSite(em, {
          name: text(body.siteName)!,
          plan: plan as SitePlan,
          timezone: text(body.timezone)!,
          adminName: text(body.adminName)!,
          adminEmail: text(body.adminEmail)?.trim() || null,
        });
      } catch (err) {
        setup.giveBack();
        throw err;
      }
      // The admin's first session, as if they had opened the sign-in link `cli create-site` prints.
      const link = await core.services.signIn.createLinkByCli(em, created.admin.id, 5);
      const session = await core.services.signIn.redeem(em, new URL(link.url).hash.replace(/^#code=/, ''), clientAddress(req, trustProxy));
      const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)) || sessionTtlHours * 3600;
      core.logger.info({ siteId: created.site.id }, 'first site created with the development set-up link');
      res.status(204).set('cache-control', 'no-store').append('set-cookie', sessionCookie(session.token, maxAge, secure)).end();
    } catch (err) {
      if (err instanceof DomainError) {
        const field = typeof err.details.field === 'string' ? FORM_FIELD[err.details.field] ?? err.details.field : undefined;
        return fail(res, err.code === ErrorCode.BAD_USER_INPUT ? 400 : 500, err.code, err.message, field ? { field } : {});
      }
      core.logger.error({ err }, 'set-up failed');
      fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  });

  router.use('/setup', (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status;
    fail(res, status === 413 ? 413 : 400, ErrorCode.BAD_USER_INPUT, status === 413 ? 'The request body is too large' : 'The request body is not valid JSON');
  });
  return router;
}
