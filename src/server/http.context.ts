import type http from 'node:http';
import type { Core } from '../core.factory';
import type { ApiContext } from '../modules/api.context';
import { principalFor } from './auth';
import { clientAddress } from './client-address';

/** The GraphQL context of an HTTP request: a forked EntityManager, the caller and the client's address. */
export async function httpContext(core: Core, req: http.IncomingMessage): Promise<ApiContext> {
  const em = core.db.fork();
  const principal = await principalFor(core.services.tokens, em, req.headers.authorization);
  return { em, principal, services: core.services, clientAddress: clientAddress(req, core.config.trustProxy) };
}
