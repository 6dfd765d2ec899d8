import express, { type RequestHandler } from 'express';
import type { Core } from '../core.factory';
import { bearerToken } from './auth';

/** Every caller's GraphQL body limit (DESIGN.md section 3b). */
export const BODY_LIMIT_BYTES = 16 * 1024;
/**
 * A bridge's: `reportOfflineDecisions` takes up to 500 decisions (about 130 kB), sent after an
 * outage. Only a bearer token that authenticates as a BRIDGE gets it, and only for a body that
 * says its length.
 */
export const BRIDGE_BODY_LIMIT_BYTES = 256 * 1024;

/** Parses the JSON body under the caller's limit: the bridge's one when a long body comes with a BRIDGE token. */
export function jsonBodyByCaller(core: Core): RequestHandler {
  const small = express.json({ limit: BODY_LIMIT_BYTES });
  const large = express.json({ limit: BRIDGE_BODY_LIMIT_BYTES });
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    const length = Number(req.headers['content-length'] ?? 0);
    if (!token || !(length > BODY_LIMIT_BYTES && length <= BRIDGE_BODY_LIMIT_BYTES)) return small(req, res, next);
    core.services.tokens.authenticate(core.db.fork(), token).then(
      (principal) => (principal?.kind === 'BRIDGE' ? large : small)(req, res, next),
      () => small(req, res, next),
    );
  };
}
