import WebSocket from 'ws';
import { SignInLink } from '../../src/modules/identity/sign-in-link.entity';
import { AccessToken } from '../../src/modules/token/token.entity';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { codeOf, gqlOk, type GqlResponse } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { codeOf as linkCode, userSession } from '../support/user-session.support';
import * as op from '../e2e/domain.operations';

export const PUBLIC_URL = 'https://pins.example.test';

const REDEEM = `mutation($code: String!) { redeemSignIn(code: $code) { id token expiresAt user { id name } } }`;
const SIGN_OUT = `mutation { signOut }`;
const EVENTS = `query($siteId: ID!) { pinEvents(siteId: $siteId, first: 400) { type user { id } actorId refId } }`;
const SESSIONS = `query($id: ID!) { user(id: $id) { sessions { id kind expiresAt revokedAt signInLink { id createdBy createdAt expiresAt usedAt } } } }`;
const TOKENS = `query($id: ID!, $first: Int, $after: ID, $all: Boolean) { site(id: $id) { tokens(first: $first, after: $after, includeRevoked: $all) {
  id kind name user { id } createdBy createdAt lastUsedAt expiresAt revokedAt lockIds } } }`;
const BRIDGE = `mutation($input: CreateBridgeTokenInput!) { createBridgeToken(input: $input) { id token expiresAt } }`;
const SERVICE = `mutation($siteId: ID!, $name: String!, $at: DateTime) { createServiceToken(siteId: $siteId, name: $name, expiresAt: $at) { id token expiresAt } }`;

/** POSTs a GraphQL operation with headers of the test's choosing (a client address, a cookie, a content type). */
async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GqlResponse> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const raw = await res.text();
  const body = JSON.parse(raw);
  return { status: res.status, data: body.data, errors: body.errors, raw };
}

const from = (address: string): Record<string, string> => ({ 'x-forwarded-for': address });
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Opens a graphql-ws socket with the given upgrade headers and no connectionParams: acked, or closed with a code. */
function wsWith(url: string, headers: Record<string, string>): Promise<{ acked: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        resolve({ acked: true, code: null });
        socket.close(1000);
      }
    });
    socket.on('close', (code) => resolve({ acked: false, code }));
    socket.on('error', () => undefined);
  });
}

/**
 * Sign-in links, sessions and the site's credentials (DESIGN.md rules 12 and 13), over real HTTP
 * and WebSocket. `redisUrl` runs the node with Redis as in production.
 */
export function describeSignIn(dialect: Dialect, available: () => Promise<boolean>, redisUrl?: string): void {
  describe(`sign-in links and sessions on ${dialect}${redisUrl ? ' and Redis' : ''}`, () => {
    let db: TestDatabase;
    let t: TestApp;
    let s: SeededSite;
    let url: string;
    let base: string;
    let ok = false;
    let nextAddress = 1;
    /** A client address of its own, so the per-address limit of one test never touches another's. */
    const address = (): string => `198.51.100.${nextAddress++}`;

    beforeAll(async () => {
      ok = await available();
      if (!ok) return;
      db = await createTestDatabase(dialect);
      t = await startTestApp(db, { PUBLIC_URL, TRUST_PROXY: 'true', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) }, undefined, { tokenUsageFlushMs: 3_600_000 });
      url = t.url;
      base = url.replace(/\/graphql$/, '');
      s = await seedSite(t);
    });

    afterAll(async () => {
      if (!ok) return;
      await t.stop();
      await db.drop();
    });

    async function newUser(name: string, extra: Record<string, unknown> = {}): Promise<string> {
      return (await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name, ...extra } }, s.adminToken)).createUser.id;
    }

    async function link(userId: string, minutes?: number, token = s.adminToken): Promise<{ id: string; url: string; expiresAt: string }> {
      return (await gqlOk(url, op.SIGN_IN_LINK, { id: userId, minutes }, token)).createSignInLink;
    }

    const redeem = (code: string, addr = address()): Promise<GqlResponse> => post(url, REDEEM, { code }, from(addr));

    it('makes a one-use link whose code is only in the URL fragment, and redeems it for a 12 h session', async () => {
      if (!ok) return;
      const userId = await newUser('Bea');
      const before = Date.now();
      const made = await link(userId);
      expect(made.url).toMatch(new RegExp(`^${PUBLIC_URL}/sign-in#code=[A-Za-z0-9_-]{22}$`));
      expect(Math.abs(Date.parse(made.expiresAt) - (before + 60 * 60_000))).toBeLessThan(10_000);
      const first = await redeem(linkCode(made.url));
      expect(first.errors).toBeUndefined();
      const session = first.data!.redeemSignIn;
      expect(session.user).toEqual({ id: userId, name: 'Bea' });
      expect(Math.abs(Date.parse(session.expiresAt) - (before + 12 * 3_600_000))).toBeLessThan(10_000);
      expect((await gqlOk(url, op.ME, {}, session.token)).me.id).toBe(userId);
      const again = await redeem(linkCode(made.url));
      expect(codeOf(again)).toBe('UNAUTHENTICATED');
    });

    it('gives exactly one session to 20 concurrent redeems of one code', async () => {
      if (!ok) return;
      const made = await link(await newUser('Cal'));
      const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(linkCode(made.url))));
      expect(answers.filter((a) => a.data?.redeemSignIn).length).toBe(1);
      expect(answers.filter((a) => codeOf(a) === 'UNAUTHENTICATED').length).toBe(19);
      expect(await t.app.core.db.fork().count(AccessToken, { signInLinkId: made.id })).toBe(1);
    });

    it('refuses an expired link, a used one, an unknown code and a deleted user alike (no oracle)', async () => {
      if (!ok) return;
      const expired = await link(await newUser('Dee'), 1);
      await t.app.core.db.fork().nativeUpdate(SignInLink, { id: expired.id }, { expiresAt: new Date(Date.now() - 1000) });
      const goneUser = await newUser('Eli');
      const gone = await link(goneUser);
      await gqlOk(url, op.DELETE_USER, { id: goneUser }, s.adminToken);
      const answers = [await redeem(linkCode(expired.url)), await redeem(linkCode(gone.url)), await redeem('A'.repeat(22)), await redeem('not a code')];
      for (const a of answers) expect([codeOf(a), a.errors?.[0].message]).toEqual(['UNAUTHENTICATED', answers[0].errors?.[0].message]);
    });

    it('lets admins make links up to 7 days and the Slack service up to an hour for linked users only; nobody else', async () => {
      if (!ok) return;
      const linked = await newUser('Fay', { slackUserId: 'U0FAY0001' });
      const unlinked = await newUser('Gus');
      const svc = (await gqlOk(url, SERVICE, { siteId: s.siteId, name: 'slack' }, s.adminToken)).createServiceToken.token;
      const bridge = (await gqlOk(url, BRIDGE, { input: { siteId: s.siteId, name: 'door' } }, s.adminToken)).createBridgeToken.token;
      const plain = await userSession(url, s.adminToken, unlinked);
      const other = await seedSite(t, { name: 'Elsewhere' });
      const ask = (userId: string, minutes: number, token: string) => post(url, op.SIGN_IN_LINK, { id: userId, minutes }, bearer(token));
      expect(codeOf(await ask(unlinked, 10_080, s.adminToken))).toBe('NONE');
      expect(codeOf(await ask(unlinked, 10_081, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await ask(unlinked, 0, s.adminToken))).toBe('BAD_USER_INPUT');
      expect(codeOf(await ask(linked, 60, svc))).toBe('NONE');
      expect(codeOf(await ask(linked, 61, svc))).toBe('BAD_USER_INPUT');
      expect(codeOf(await ask(unlinked, 60, svc))).toBe('FORBIDDEN');
      expect(codeOf(await ask(unlinked, 60, plain.token))).toBe('FORBIDDEN');
      expect(codeOf(await ask(unlinked, 60, bridge))).toBe('FORBIDDEN');
      expect(codeOf(await ask(unlinked, 60, other.adminToken))).toBe('NOT_FOUND');
      expect(codeOf(await post(url, op.SIGN_IN_LINK, { id: unlinked }, {}))).toBe('UNAUTHENTICATED');
    });

    it('refuses the 11th code from one address within a minute even when it is valid; other addresses go on', async () => {
      if (!ok) return;
      const made = await link(await newUser('Hal'));
      const here = address();
      for (let i = 0; i < 10; i++) expect(codeOf(await redeem(`${'B'.repeat(21)}${i}`, here))).toBe('UNAUTHENTICATED');
      const limited = await redeem(linkCode(made.url), here);
      expect(codeOf(limited)).toBe('RATE_LIMITED');
      expect(limited.errors![0].extensions!.retryAfterSeconds).toEqual(expect.any(Number));
      expect((await redeem(linkCode(made.url), address())).data?.redeemSignIn.token).toMatch(/^pgt_/);
    });

    it('does not count sessions against the address: 12 good codes in a row all redeem', async () => {
      if (!ok) return;
      const here = address();
      const userId = await newUser('Ivy');
      for (let i = 0; i < 12; i++) expect(codeOf(await redeem(linkCode((await link(userId)).url), here))).toBe('NONE');
    });

    it('records who made a link and which link was redeemed, and never writes the code or the token to the log or the events', async () => {
      if (!ok) return;
      const userId = await newUser('Jo');
      const made = await link(userId);
      const code = linkCode(made.url);
      const session = (await redeem(code)).data!.redeemSignIn;
      const rows = (await t.app.core.db.fork().execute(`select type, user_id, actor_id, ref_id from pin_event where ref_id = ? order by seq`, [made.id])) as Array<Record<string, string>>;
      expect(rows).toEqual([
        { type: 'SIGN_IN_LINK_CREATED', user_id: userId, actor_id: s.adminId, ref_id: made.id },
        { type: 'SIGNED_IN', user_id: userId, actor_id: userId, ref_id: made.id },
      ]);
      const events = (await gqlOk(url, EVENTS, { siteId: s.siteId }, s.adminToken)).pinEvents as Array<{ user: { id: string } | null }>;
      expect(events.filter((e) => e.user?.id === userId)).toEqual([
        { type: 'SIGN_IN_LINK_CREATED', user: { id: userId }, actorId: s.adminId, refId: made.id },
        { type: 'SIGNED_IN', user: { id: userId }, actorId: userId, refId: made.id },
      ]);
      const everything = t.logLines.join('\n') + JSON.stringify(await t.app.core.db.fork().execute('select * from pin_event'));
      expect(everything).not.toContain(code);
      expect(everything).not.toContain(session.token);
      const stored = await t.app.core.db.fork().findOneOrFail(SignInLink, made.id);
      expect([stored.codeHash, stored.sessionTokenId]).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), session.id]);
    });

    it('shows a user their sessions with the link each came from and who made it; admins too, nobody else', async () => {
      if (!ok) return;
      const userId = await newUser('Mia');
      const made = await link(userId);
      const first = (await redeem(linkCode(made.url))).data!.redeemSignIn;
      await gqlOk(url, SIGN_OUT, {}, first.token);
      const second = await userSession(url, s.adminToken, userId);
      const mine = (await gqlOk(url, SESSIONS, { id: userId }, second.token)).user.sessions;
      expect(mine.map((x: { id: string }) => x.id)).toEqual([second.id, first.id]);
      expect(mine[1]).toMatchObject({ kind: 'USER', revokedAt: expect.any(String), signInLink: { id: made.id, createdBy: s.adminId, expiresAt: made.expiresAt, usedAt: expect.any(String) } });
      expect(JSON.stringify(mine)).not.toContain(linkCode(made.url));
      expect((await gqlOk(url, SESSIONS, { id: userId }, s.adminToken)).user.sessions).toHaveLength(2);
      const other = await userSession(url, s.adminToken, await newUser('Nia'));
      expect(codeOf(await post(url, `query($id: ID!) { me { sessions { id } } user(id: $id) { sessions { id } } }`, { id: userId }, bearer(other.token)))).toBe('FORBIDDEN');
    });

    it('refuses a session once it has expired', async () => {
      if (!ok) return;
      const userId = await newUser('Kim');
      const session = (await redeem(linkCode((await link(userId)).url))).data!.redeemSignIn;
      await t.app.core.db.fork().nativeUpdate(AccessToken, { id: session.id }, { expiresAt: new Date(Date.now() - 1000) });
      const res = await post(url, op.ME, {}, bearer(session.token));
      expect([res.status, codeOf(res)]).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('ends the calling session with signOut; other tokens cannot sign out', async () => {
      if (!ok) return;
      const session = await userSession(url, s.adminToken, await newUser('Lou'));
      expect(await gqlOk(url, SIGN_OUT, {}, session.token)).toEqual({ signOut: true });
      expect((await post(url, op.ME, {}, bearer(session.token))).status).toBe(401);
      expect(codeOf(await post(url, SIGN_OUT, {}, bearer(s.adminToken)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await post(url, SIGN_OUT, {}, {}))).toBe('UNAUTHENTICATED');
      expect((await gqlOk(url, op.ME, {}, s.adminToken)).me.id).toBe(s.adminId);
    });

    it('makes bridge and service tokens that expire when asked: in the future, within 5 years', async () => {
      if (!ok) return;
      const soon = new Date(Date.now() + 3_600_000).toISOString();
      const made = (await gqlOk(url, BRIDGE, { input: { siteId: s.siteId, name: 'temp', expiresAt: soon } }, s.adminToken)).createBridgeToken;
      expect(made.expiresAt).toBe(soon);
      const past = new Date(Date.now() - 60_000).toISOString();
      const tooLate = new Date(Date.now() + 6 * 366 * 86_400_000).toISOString();
      expect(codeOf(await post(url, SERVICE, { siteId: s.siteId, name: 'x', at: past }, bearer(s.adminToken)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await post(url, BRIDGE, { input: { siteId: s.siteId, name: 'x', expiresAt: tooLate } }, bearer(s.adminToken)))).toBe('BAD_USER_INPUT');
      const svc = (await gqlOk(url, SERVICE, { siteId: s.siteId, name: 'short', at: soon }, s.adminToken)).createServiceToken;
      await t.app.core.db.fork().nativeUpdate(AccessToken, { id: svc.id }, { expiresAt: new Date(Date.now() - 1000) });
      expect((await post(url, op.BY_SLACK, { siteId: s.siteId, slack: 'U0NOBODY1' }, bearer(svc.token))).status).toBe(401);
    });

    it("lists the site's credentials to its admins without secrets, a page at a time, revoked ones only when asked", async () => {
      if (!ok) return;
      const site = await seedSite(t, { name: 'Listed' });
      const lockId = (await gqlOk(url, op.CREATE_LOCK, { input: { siteId: site.siteId, name: 'Gate' } }, site.adminToken)).createLock.id;
      const bridge = (await gqlOk(url, BRIDGE, { input: { siteId: site.siteId, name: 'gate bridge', lockIds: [lockId] } }, site.adminToken)).createBridgeToken;
      const svc = (await gqlOk(url, SERVICE, { siteId: site.siteId, name: 'slack' }, site.adminToken)).createServiceToken;
      const userId = (await gqlOk(url, op.CREATE_USER, { input: { siteId: site.siteId, name: 'Max' } }, site.adminToken)).createUser.id;
      const session = await userSession(url, site.adminToken, userId);
      const page1 = await post(url, TOKENS, { id: site.siteId, first: 2 }, bearer(site.adminToken));
      const after = page1.data!.site.tokens[1].id;
      const page2 = await post(url, TOKENS, { id: site.siteId, first: 10, after }, bearer(site.adminToken));
      const all = [...page1.data!.site.tokens, ...page2.data!.site.tokens];
      expect(all.map((x: { id: string }) => x.id)).toEqual([...all.map((x: { id: string }) => x.id)].sort());
      expect(all).toHaveLength(4);
      const byId = new Map(all.map((x: { id: string }) => [x.id, x]));
      expect(byId.get(bridge.id)).toMatchObject({ kind: 'BRIDGE', name: 'gate bridge', lockIds: [lockId], user: null, createdBy: site.adminId, expiresAt: null, revokedAt: null });
      expect(byId.get(svc.id)).toMatchObject({ kind: 'SERVICE', name: 'slack', lockIds: null });
      expect(byId.get(session.id)).toMatchObject({ kind: 'USER', user: { id: userId }, createdBy: userId, expiresAt: expect.any(String) });
      for (const secret of [bridge.token, svc.token, session.token, site.adminToken]) expect(page1.raw + page2.raw).not.toContain(secret.slice(4));
      await gqlOk(url, op.REVOKE_TOKEN, { id: bridge.id }, site.adminToken);
      const live = (await gqlOk(url, TOKENS, { id: site.siteId }, site.adminToken)).site.tokens.map((x: { id: string }) => x.id);
      expect(live).not.toContain(bridge.id);
      const withRevoked = (await gqlOk(url, TOKENS, { id: site.siteId, all: true }, site.adminToken)).site.tokens;
      expect(withRevoked.find((x: { id: string }) => x.id === bridge.id).revokedAt).toEqual(expect.any(String));
      expect(codeOf(await post(url, TOKENS, { id: site.siteId }, bearer(session.token)))).toBe('FORBIDDEN');
      expect(codeOf(await post(url, TOKENS, { id: site.siteId }, bearer(s.adminToken)))).toBe('NOT_FOUND');
    });

    it('keeps lastUsedAt to the minute, written at the flush and not once per request', async () => {
      if (!ok) return;
      const session = await userSession(url, s.adminToken, await newUser('Ned'));
      const lastUsed = async () => (await t.app.core.db.fork().findOneOrFail(AccessToken, session.id)).lastUsedAt;
      await t.app.core.tokenUsage.flush();
      for (let i = 0; i < 5; i++) await gqlOk(url, op.ME, {}, session.token);
      expect(await lastUsed()).toBeNull();
      const now = Date.now();
      await t.app.core.tokenUsage.flush();
      const written = (await lastUsed())!.getTime();
      expect(written % 60_000).toBe(0);
      expect(now - written).toBeLessThan(120_000);
      expect(now - written).toBeGreaterThanOrEqual(0);
      const listed = (await gqlOk(url, TOKENS, { id: s.siteId, first: 1000 }, s.adminToken)).site.tokens.find((x: { id: string }) => x.id === session.id);
      expect(Date.parse(listed.lastUsedAt)).toBe(written);
    });

    describe('in a browser', () => {
      const signIn = (code: string, headers: Record<string, string> = {}, body: string = JSON.stringify({ code })) =>
        fetch(`${base}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...from(address()), ...headers }, body });
      const cookieOf = (res: Response): string => (res.headers.get('set-cookie') ?? '').split(';')[0];

      it('sets an HttpOnly, SameSite=Strict, Secure session cookie that GraphQL takes as JSON, never as a simple request', async () => {
        if (!ok) return;
        const userId = await newUser('Oda');
        const res = await signIn(linkCode((await link(userId)).url));
        expect(res.status).toBe(204);
        expect(res.headers.get('set-cookie')).toMatch(/^pingate_session=pgt_[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=4319\d; Secure$/);
        const cookie = cookieOf(res);
        expect((await post(url, op.ME, {}, { cookie })).data?.me.id).toBe(userId);
        const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', cookie }, body: JSON.stringify({ query: op.ME }) });
        // A simple (cross-site capable) POST never reaches GraphQL: refused before CSRF prevention would.
        expect(plain.status).toBe(415);
        expect(await plain.json()).toMatchObject({ errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
        const viaGet = await fetch(`${url}?query=${encodeURIComponent('{ me { id } }')}`, { headers: { cookie } });
        expect(viaGet.status).toBe(400);
        expect(await viaGet.text()).toMatch(/Cross-Site Request Forgery/);
        expect((await post(url, op.ME, {}, { cookie, authorization: 'Bearer pgt_not-a-token' })).status).toBe(401);
      });

      it('refuses a foreign Origin, a body that is not JSON and a bad code, setting no cookie', async () => {
        if (!ok) return;
        const code = linkCode((await link(await newUser('Pia'))).url);
        const foreign = await signIn(code, { origin: 'https://evil.example' });
        const form = await signIn(code, { 'content-type': 'application/x-www-form-urlencoded' }, `code=${code}`);
        const bad = await signIn('C'.repeat(22));
        expect([foreign.status, form.status, bad.status]).toEqual([403, 415, 401]);
        expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
        for (const r of [foreign, form, bad]) expect(r.headers.get('set-cookie')).toBeNull();
        expect((await signIn(code)).status).toBe(204);
      });

      it("accepts the cookie on graphql-ws only from the public URL's Origin", async () => {
        if (!ok) return;
        const res = await signIn(linkCode((await link(s.adminId)).url));
        const cookie = cookieOf(res);
        expect(await wsWith(url, { cookie, origin: 'https://evil.example' })).toEqual({ acked: false, code: 4401 });
        expect(await wsWith(url, { cookie })).toEqual({ acked: false, code: 4401 });
        expect(await wsWith(url, { cookie, origin: PUBLIC_URL })).toEqual({ acked: true, code: null });
      });

      it('ends the session and clears the cookie on POST /auth/sign-out', async () => {
        if (!ok) return;
        const cookie = cookieOf(await signIn(linkCode((await link(await newUser('Quy'))).url)));
        const token = cookie.split('=')[1];
        const out = await fetch(`${base}/auth/sign-out`, { method: 'POST', headers: { origin: PUBLIC_URL, cookie } });
        expect(out.status).toBe(204);
        expect(out.headers.get('set-cookie')).toBe('pingate_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure');
        expect(codeOf(await post(url, op.ME, {}, { cookie }))).toBe('UNAUTHENTICATED');
        expect((await post(url, op.ME, {}, bearer(token))).status).toBe(401);
        const foreign = await fetch(`${base}/auth/sign-out`, { method: 'POST', headers: { origin: 'https://evil.example', cookie } });
        expect(foreign.status).toBe(403);
      });
    });
  });
}
