import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlockPinDocument } from '../../bots/gql/graphql';
import { PinGateClient, PinGateError } from '../../bots/slack/pingate.client';

describe('PinGate GraphQL client', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, body: string, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      handler(req, body, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as PinGateError);

  it('posts the document and variables as JSON with the bearer token', async () => {
    let seen: { auth?: string; type?: string; body?: Record<string, unknown> } = {};
    handler = (req, body, res) => {
      seen = { auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(body) };
      json(res, 200, { data: { blockPin: { id: 'p1', status: 'BLOCKED', blockedAt: null } } });
    };
    const client = new PinGateClient({ url, token: 'svc-token' });
    const data = await client.request(BlockPinDocument, { pinId: 'p1' });
    expect(data.blockPin.status).toBe('BLOCKED');
    expect(seen.auth).toBe('Bearer svc-token');
    expect(seen.type).toBe('application/json');
    expect(seen.body).toMatchObject({ operationName: 'BlockPin', variables: { pinId: 'p1' } });
    expect(String(seen.body?.query)).toMatch(/mutation BlockPin/);
  });

  it('throws the error code the API put in extensions.code', async () => {
    handler = (_req, _body, res) =>
      json(res, 200, { data: null, errors: [{ message: 'Not yours', extensions: { code: 'FORBIDDEN' } }] });
    const err = await failure(new PinGateClient({ url, token: 't' }).request(BlockPinDocument, { pinId: 'p1' }));
    expect(err).toBeInstanceOf(PinGateError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', operation: 'BlockPin', unavailable: false });
  });

  it('reads the code of a 400 answer too', async () => {
    handler = (_req, _body, res) => json(res, 400, { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }] });
    const err = await failure(new PinGateClient({ url, token: 't' }).request(BlockPinDocument, { pinId: 'p1' }));
    expect(err?.code).toBe('BAD_USER_INPUT');
  });

  it('calls an answer that is not GraphQL unavailable', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    };
    const err = await failure(new PinGateClient({ url, token: 't' }).request(BlockPinDocument, { pinId: 'p1' }));
    expect(err).toMatchObject({ code: 'UNAVAILABLE', unavailable: true });
  });

  it('gives up after its time-out', async () => {
    handler = () => undefined;
    const started = Date.now();
    const err = await failure(new PinGateClient({ url, token: 't', timeoutMs: 200 }).request(BlockPinDocument, { pinId: 'p1' }));
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(err?.message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('calls a refused connection unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(
      new PinGateClient({ url: `http://127.0.0.1:${port}/graphql`, token: 't' }).request(BlockPinDocument, { pinId: 'p1' }),
    );
    expect(err).toMatchObject({ code: 'UNAVAILABLE', unavailable: true });
  });
});
