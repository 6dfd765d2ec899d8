import type http from 'node:http';
import { bearerToken } from './auth';

/** The browser session's cookie (DESIGN.md rule 13). */
export const SESSION_COOKIE = 'pingate_session';

/** The value of cookie `name` in a Cookie header, or null. Values are not decoded: ours are base64url. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

/** `HttpOnly; SameSite=Strict; Path=/`, `Secure` when the public URL is https. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', 0, secure);

/**
 * The credential of an HTTP request as an Authorization value: the bearer header first (as sent,
 * so a malformed one is refused), else the session cookie. Cookie requests reach GraphQL only
 * through Apollo's CSRF prevention (application/json or a preflight header).
 */
export function requestCredential(headers: http.IncomingHttpHeaders): { header: string | null; fromCookie: boolean } {
  if (headers.authorization) return { header: headers.authorization, fromCookie: false };
  const token = readCookie(headers.cookie, SESSION_COOKIE);
  return token ? { header: `Bearer ${token}`, fromCookie: true } : { header: null, fromCookie: false };
}

/**
 * The credential of a graphql-ws connection: `connectionParams.authorization`, else the session
 * cookie of the upgrade request only when its Origin is the public URL's (no cross-site WebSocket
 * hijacking: browsers send cookies on cross-site upgrades).
 */
export function wsCredential(params: Readonly<Record<string, unknown>> | undefined, request: http.IncomingMessage, publicOrigin: string): string | null {
  const header = params?.authorization;
  if (typeof header === 'string' && header !== '') return header;
  if (request.headers.origin !== publicOrigin) return null;
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  return token && bearerToken(`Bearer ${token}`) ? `Bearer ${token}` : null;
}
