import type http from 'node:http';
import { clientAddress } from '../../src/server/client-address';
import { readCookie, wsCredential } from '../../src/server/session.cookie';

const request = (headers: http.IncomingHttpHeaders, remoteAddress = '10.0.0.9') => ({ headers, socket: { remoteAddress } }) as unknown as http.IncomingMessage;

describe('the session cookie and the client address', () => {
  it('reads one cookie among several, and nothing from an absent or empty one', () => {
    expect(readCookie('a=1; pingate_session=pgt_abc; b=2', 'pingate_session')).toBe('pgt_abc');
    expect(readCookie('xpingate_session=pgt_abc', 'pingate_session')).toBeNull();
    expect(readCookie('pingate_session=', 'pingate_session')).toBeNull();
    expect(readCookie(undefined, 'pingate_session')).toBeNull();
  });

  it('takes connectionParams first on WebSocket, and the cookie only from the public Origin', () => {
    const origin = 'https://pins.example.test';
    const withCookie = (o?: string) => request({ cookie: 'pingate_session=pgt_abc', ...(o ? { origin: o } : {}) });
    expect(wsCredential({ authorization: 'Bearer pgt_x' }, withCookie('https://evil.example'), origin)).toBe('Bearer pgt_x');
    expect(wsCredential({}, withCookie(origin), origin)).toBe('Bearer pgt_abc');
    expect(wsCredential({}, withCookie('https://evil.example'), origin)).toBeNull();
    expect(wsCredential(undefined, withCookie(), origin)).toBeNull();
  });

  it('reads X-Forwarded-For only behind a trusted proxy, taking the entry the proxy added', () => {
    const req = request({ 'x-forwarded-for': '203.0.113.7, 198.51.100.2' });
    expect(clientAddress(req, false)).toBe('10.0.0.9');
    expect(clientAddress(req, true)).toBe('198.51.100.2');
    expect(clientAddress(request({}), true)).toBe('10.0.0.9');
  });
});
