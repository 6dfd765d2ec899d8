import { forbidden, notFound, unauthenticated } from './errors';
import type { Principal } from './principal';
import type { RequestContext } from './request-context';

/** The caller, or UNAUTHENTICATED. */
export function callerOf(ctx: RequestContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}

/**
 * Objects of another site are reported as not found, so a token cannot probe which ids exist
 * elsewhere (DESIGN.md rule 12: nothing crosses sites).
 */
export function assertSameSite(p: Principal, siteId: string, what: string): void {
  if (p.siteId !== siteId) throw notFound(what);
}

export const isAdminOf = (p: Principal, siteId: string): boolean =>
  p.kind === 'USER' && p.role === 'ADMIN' && p.siteId === siteId;

/** An ADMIN user of `siteId`, or FORBIDDEN (NOT_FOUND across sites). */
export function requireAdmin(ctx: RequestContext, siteId: string, what = 'Site'): Principal {
  const p = callerOf(ctx);
  assertSameSite(p, siteId, what);
  if (!isAdminOf(p, siteId)) throw forbidden('Only an admin of the site may do this');
  return p;
}
