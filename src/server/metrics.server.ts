import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../infra/logger';
import { ErrorCode } from '../shared/errors';

export interface MetricsServer {
  port: number;
  /** http://<host>:<port>/metrics */
  url: string;
  stop(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, code: ErrorCode, message: string): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
};

/**
 * Prometheus's `GET /metrics` on a listener of its own (METRICS_HOST:METRICS_PORT, loopback by
 * default), as exporters do: the API port never serves it.
 */
export async function startMetricsServer(registry: Registry, logger: Logger, host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return json(res, 404, ErrorCode.NOT_FOUND, 'Not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET');
      return json(res, 405, ErrorCode.METHOD_NOT_ALLOWED, 'Only GET is answered');
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        logger.error({ err }, 'metrics not collected');
        json(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    port: actual,
    url: `http://${shown}:${actual}/metrics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
