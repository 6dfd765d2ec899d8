import http from 'node:http';
import net from 'node:net';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { occurrencesOf } from '../support/secrets';
import { startTestApp, type TestApp } from '../support/test-app';

/** A PIN no other part of a request or an answer holds by chance. */
const PIN = '739154';
const LOCK_ACCESS = JSON.stringify({
  query: 'query($l: ID!, $p: String!) { lockAccess(lockId: $l, pin: $p) { granted } }',
  variables: { l: 'front-door', p: PIN },
});
/** What a stack trace or a file path looks like in an answer or a log. */
const STACK = /\n\s+at |node_modules|\.[jt]s:\d+|stack/i;

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request exactly as given: no client adds a content type or encodes the body. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const codeOf = (a: RawAnswer): unknown => (JSON.parse(a.text) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code;

describe('transport failures on /graphql (embedded SQLite)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let stderr: string[];

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    // Express reads NODE_ENV when the app is made; under jest ("test") its default handler stays
    // silent, outside it prints the error, body and all, to stderr: test the app as it runs.
    const jestEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    try {
      t = await startTestApp(db);
    } finally {
      process.env.NODE_ENV = jestEnv;
    }
  });

  afterAll(async () => {
    await t.stop();
    await db.drop();
  });

  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      stderr.push(args.map(String).join(' '));
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const refusals = (from: number): Array<Record<string, unknown>> =>
    t.logLines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request body refused');

  /** The answer is GraphQL-shaped JSON, and nothing of the body or of a stack left the process. */
  const expectClean = (a: RawAnswer, from: number): void => {
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(a.text) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: expect.any(String) } }] });
    const logs = t.logLines.slice(from).join('\n');
    for (const [where, text] of [['answer', a.text], ['log', logs], ['stderr', stderr.join('\n')]]) {
      expect([where, occurrencesOf(PIN, text)]).toEqual([where, []]);
      expect([where, STACK.test(text)]).toEqual([where, false]);
    }
  };

  it('answers a malformed JSON body 400 BAD_REQUEST, logging its kind and size only', async () => {
    const from = t.logLines.length;
    const body = LOCK_ACCESS.slice(0, -3);
    const a = await raw(t.url, 'POST', { 'content-type': 'application/json' }, body);
    expect([a.status, codeOf(a)]).toEqual([400, 'BAD_REQUEST']);
    expectClean(a, from);
    const lines = refusals(from);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'entity.parse.failed', bytes: Buffer.byteLength(body) });
    expect(Object.keys(lines[0]).sort()).toEqual(['bytes', 'kind', 'level', 'msg', 'service', 'time']);
  });

  it('answers a body over 16 kB 413 PAYLOAD_TOO_LARGE', async () => {
    const from = t.logLines.length;
    const body = JSON.stringify({ query: JSON.parse(LOCK_ACCESS).query, variables: { l: 'x', p: PIN, pad: 'x'.repeat(17_000) } });
    const a = await raw(t.url, 'POST', { 'content-type': 'application/json' }, body);
    expect([a.status, codeOf(a)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expectClean(a, from);
    expect(refusals(from)).toEqual([expect.objectContaining({ kind: 'entity.too.large', bytes: Buffer.byteLength(body) })]);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no content type', {} as Record<string, string>],
  ])('answers a POST of %s 415 UNSUPPORTED_MEDIA_TYPE without reading it', async (_label, headers) => {
    const from = t.logLines.length;
    const a = await raw(t.url, 'POST', headers, LOCK_ACCESS);
    expect([a.status, codeOf(a)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expectClean(a, from);
  });

  it('answers JSON in a charset other than UTF-8 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const from = t.logLines.length;
    const a = await raw(t.url, 'POST', { 'content-type': 'application/json; charset=koi8-r' }, LOCK_ACCESS);
    expect([a.status, codeOf(a)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expectClean(a, from);
  });

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s 405 METHOD_NOT_ALLOWED with Allow: GET, POST', async (method) => {
    const from = t.logLines.length;
    const a = await raw(t.url, method, { 'content-type': 'application/json' }, LOCK_ACCESS);
    expect([a.status, codeOf(a), a.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'GET, POST']);
    expectClean(a, from);
  });

  it('answers an undecodable URL 400 BAD_REQUEST', async () => {
    const from = t.logLines.length;
    const a = await raw(`${t.url}?query=%E0%A4%A`, 'GET', {});
    expect([a.status, codeOf(a)]).toEqual([400, 'BAD_REQUEST']);
    expectClean(a, from);
  });

  it('answers an unknown path a JSON 404 NOT_FOUND', async () => {
    const from = t.logLines.length;
    for (const [method, path] of [['GET', '/nope'], ['POST', '/graphql/x'], ['POST', '/']]) {
      // Node's client sends a GET body without framing (a malformed request Node itself answers 400): GETs carry none.
      const a = await raw(t.url.replace('/graphql', path), method, { 'content-type': 'application/json' }, method === 'GET' ? undefined : LOCK_ACCESS);
      expect([method, path, a.status, codeOf(a)]).toEqual([method, path, 404, 'NOT_FOUND']);
      expectClean(a, from);
    }
  });

  it('logs one line without the body for a body cut short, and stays up', async () => {
    const from = t.logLines.length;
    const { port } = new URL(t.url);
    const partial = LOCK_ACCESS.slice(0, -10);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${partial}`);
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    const until = Date.now() + 5000;
    while (refusals(from).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(refusals(from)).toEqual([expect.objectContaining({ kind: 'request.aborted', bytes: Buffer.byteLength(partial) })]);
    const logs = t.logLines.slice(from).join('\n');
    expect([occurrencesOf(PIN, logs), STACK.test(logs), stderr]).toEqual([[], false, []]);
    const after = await raw(t.url, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ __typename }' }));
    expect([after.status, after.text]).toEqual([200, '{"data":{"__typename":"Query"}}\n']);
  });
});
