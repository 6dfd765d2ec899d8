import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Lock } from '../../src/modules/lock/lock.entity';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';
import {
  adminSignInUrl,
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  signIn,
  signInUrlFor,
  startConsoleApp,
  type AdminLink,
  type ConsoleApp,
} from '../support/browser.support';

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const html = (body: string) => `<!doctype html><html lang="en"><head><title>Another site</title></head><body>${body}</body></html>`;
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');

/** A page on another origin (same host, another port): what a hostile site can make a signed-in browser do. */
async function otherOrigin(pages: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Opens a graphql-ws connection from the page and reports the first message or the close. */
const tryWebSocket = (page: Page, url: string): Promise<string> =>
  page.evaluate(
    `new Promise((resolve) => {
      const ws = new WebSocket(${JSON.stringify(url)}, 'graphql-transport-ws');
      ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      ws.onmessage = (e) => { resolve('message ' + e.data); ws.close(); };
      ws.onclose = (e) => resolve('close ' + e.code);
      ws.onerror = () => {};
    })`,
  ) as Promise<string>;

describeBrowser('Console security (browser)', () => {
  let db: TestDatabase;
  let app: ConsoleApp;
  let browser: Browser;
  let admin: AdminLink;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startConsoleApp(db);
    browser = await launchBrowser();
    admin = await adminSignInUrl(app, { name: 'Harbour workshop' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  const locks = () => app.app.core.db.fork().count(Lock, {});

  it('sends a CSP without inline scripts, frame-ancestors none and no Referer on /, a deep route and /graphql', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const answers = [await page.goto(`${app.origin}/`), await page.goto(`${app.origin}/users/42`)];
    answers.push(await page.goto(`${app.origin}/graphql?query=%7B__typename%7D`));
    for (const answer of answers) {
      const headers = answer!.headers();
      const csp = headers['content-security-policy']!;
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? /(?:^|;)\s*default-src ([^;]*)/.exec(csp)![1]!;
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp).toMatch(/(?:^|;)\s*frame-ancestors 'none'/);
      expect(headers['referrer-policy']).toBe('no-referrer');
    }
    const post = await page.evaluate(`fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
      .then((r) => ({ csp: r.headers.get('content-security-policy'), referrer: r.headers.get('referrer-policy') }))`) as { csp: string; referrer: string };
    expect(post.csp).toMatch(/frame-ancestors 'none'/);
    expect(post.referrer).toBe('no-referrer');
    await context.close();
  });

  it('a page from another origin cannot use the session: form POSTs and WebSockets are refused and change nothing', async () => {
    const context: BrowserContext = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, admin.url);
    const cookiesBefore = await context.cookies(app.origin);
    expect(cookiesBefore.map((c) => c.name)).toContain('pingate_session');

    // The admin's own page does connect (so a refusal below is the origin's doing).
    expect(await tryWebSocket(page, `${app.origin.replace('http', 'ws')}/graphql`)).toMatch(/^message .*connection_ack/);

    const mutation = `mutation { createLock(input: { siteId: "${admin.siteId}", name: "Planted" }) { id } }`;
    const attackerLink = await adminSignInUrl(app, { name: 'Attacker site' });
    const attackerCode = new URL(attackerLink.url).hash.replace('#code=', '');
    const evil = await otherOrigin({
      '/graphql-text': html(
        `<form method="post" enctype="text/plain" action="${app.origin}/graphql"><input name='${attr(`{"query":${JSON.stringify(mutation)},"x":"`)}' value='"}'></form>` +
          `<script>document.forms[0].submit()</script>`,
      ),
      '/graphql-form': html(
        `<form method="post" action="${app.origin}/graphql"><input name="query" value='${attr(mutation)}'></form><script>document.forms[0].submit()</script>`,
      ),
      '/sign-in': html(
        `<form method="post" enctype="text/plain" action="${app.origin}/auth/sign-in"><input name='${attr(`{"code":"${attackerCode}","x":"`)}' value='"}'></form>` +
          `<script>document.forms[0].submit()</script>`,
      ),
      '/ws': html('<h1>Another site</h1>'),
    });
    try {
      for (const path of ['/graphql-text', '/graphql-form']) {
        const [answer] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(`${app.origin}/graphql`)), page.goto(`${evil.origin}${path}`)]);
        expect(answer.status()).toBeGreaterThanOrEqual(400);
        expect(await answer.text()).not.toContain('"createLock"');
      }
      expect(await locks()).toBe(0);

      const [signInAnswer] = await Promise.all([page.waitForResponse((r) => r.url() === `${app.origin}/auth/sign-in`), page.goto(`${evil.origin}/sign-in`)]);
      expect(signInAnswer.status()).toBe(403);
      // The victim is still themselves, and the attacker's link was not used.
      expect(await context.cookies(app.origin)).toEqual(cookiesBefore);
      const redeem = await fetch(`${app.origin}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: attackerCode }) });
      expect(redeem.status).toBe(204);

      await page.goto(`${evil.origin}/ws`);
      const outcome = await tryWebSocket(page, `${app.origin.replace('http', 'ws')}/graphql`);
      expect(outcome).not.toContain('connection_ack');
      expect(outcome).toMatch(/^close 44\d\d$/);
    } finally {
      await evil.close();
      await context.close();
    }
  });

  it('a USER session calling an admin operation from the console page gets FORBIDDEN', async () => {
    const { createUser } = await gqlOk<{ createUser: { id: string } }>(app.url, CREATE_USER, { input: { siteId: admin.siteId, name: 'Uma User' } }, admin.adminToken);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, await signInUrlFor(app, createUser.id));
    const body = JSON.stringify({ query: `mutation { createLock(input: { siteId: "${admin.siteId}", name: "Mine now" }) { id } }` });
    const answer = (await page.evaluate(
      `fetch('/graphql', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(body)} }).then((r) => r.json())`,
    )) as { data: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await locks()).toBe(0);
    await context.close();
  });

  it('axe finds no serious violation on the sign-in and set-up pages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.origin}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to PinGate' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    const refused = await context.newPage();
    await refused.goto(`${app.origin}/sign-in#code=${'A'.repeat(22)}`);
    await refused.getByRole('alert').waitFor();
    await expectNoSeriousA11yViolations(refused);
    await page.goto(`${app.origin}/setup`);
    await page.getByRole('heading', { name: 'Set up PinGate' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await context.close();
  });
});
