import type http from 'node:http';

/**
 * The client's address for per-address limits. Behind a trusted proxy (TRUST_PROXY) it is the last
 * X-Forwarded-For entry, the one the proxy itself saw (earlier entries are whatever the client
 * claimed); otherwise the socket's peer.
 */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length > 0) return list[list.length - 1];
  }
  return req.socket.remoteAddress ?? 'unknown';
}
