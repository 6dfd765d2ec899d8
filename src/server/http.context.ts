import type http from 'node:http';
import type { Core } from '../core.factory';
import type { ApiContext } from '../modules/api.context';
import { principalFor } from './auth';
import { clientAddress } from './client-address';
import { requestCredential } from './session.cookie';

/**
 * The GraphQL context of an HTTP request: a forked EntityManager, the caller (bearer header first,
 * else the session cookie; a stale cookie is no caller rather than a 401, so it never blocks
 * signing in again) and the client's address.
 */
export async function httpContext(core: Core, req: http.IncomingMessage): Promise<ApiContext> {
  const em = core.db.fork();
  const { header, fromCookie } = requestCredential(req.headers);
  const principal = fromCookie && header
    ? await core.services.tokens.authenticate(em, header.slice('Bearer '.length))
    : await principalFor(core.services.tokens, em, header);
  return { em, principal, services: core.services, clientAddress: clientAddress(req, core.config.trustProxy) };
}
