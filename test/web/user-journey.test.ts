import type { Browser, Page } from 'playwright-core';
import { access } from '../access/access.support';
import * as op from '../e2e/domain.operations';
import {
  adminSignInUrl,
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  recordTraffic,
  screenshot,
  signIn,
  startConsoleApp,
  type ConsoleApp,
} from '../support/browser.support';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { IN_CI, PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from '../support/env';
import { gqlOk } from '../support/graphql.client';

/** Everything the page keeps in the browser's own storage, as text. */
async function browserStorage(page: Page): Promise<string> {
  return (await page.evaluate(`(async () => JSON.stringify({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    idb: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    history: history.state,
  }))()`)) as string;
}

/**
 * The journey of a USER: signs in from a link an admin made, chooses and generates their own PINs
 * (the digits shown once), a bridge opens a door with them, they block it themself and the bridge is
 * refused; the digits are nowhere afterwards, and the admin pages and operations stay closed to them.
 */
function userJourney(dialect: Dialect, available: () => Promise<boolean>, env: Record<string, string> = {}) {
  describeBrowser(`Console user journey on ${dialect}${env.REDIS_URL ? ' and Redis' : ''} (browser)`, () => {
    let db: TestDatabase;
    let app: ConsoleApp;
    let browser: Browser;
    let ok = false;

    beforeAll(async () => {
      ok = await available();
      if (!ok) {
        if (IN_CI) throw new Error(`${dialect} is not reachable and CI=true`);
        console.warn(`${dialect} is not reachable: skipping the user journey on it`);
        return;
      }
      db = await createTestDatabase(dialect);
      app = await startConsoleApp(db, env);
      browser = await launchBrowser();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
      await db?.drop();
    });

    it('generates their own PIN, shows it once, opens a door, blocks it, and cannot reach admin pages or operations', async () => {
      if (!ok) return;
      const admin = await adminSignInUrl(app, { name: 'Harbour workshop', timezone: 'Europe/Madrid' });
      const as = admin.adminToken;
      const { createUser } = await gqlOk(app.url, op.CREATE_USER, { input: { siteId: admin.siteId, name: 'Uma User' } }, as);
      const front = (await gqlOk(app.url, op.CREATE_LOCK, { input: { siteId: admin.siteId, name: 'Front door' } }, as)).createLock.id as string;
      const gate = (await gqlOk(app.url, op.CREATE_LOCK, { input: { siteId: admin.siteId, name: 'Yard gate' } }, as)).createLock.id as string;
      await gqlOk(app.url, op.GRANT, { input: { userId: createUser.id, lockId: front } }, as);
      await gqlOk(app.url, op.GRANT, { input: { userId: createUser.id, lockId: gate, schedule: { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '22:00', end: '06:00' } } }, as);
      await gqlOk(app.url, op.POLICY, { siteId: admin.siteId, input: { customPinsEnabled: true } }, as);
      const { createBridgeToken } = await gqlOk(app.url, op.BRIDGE_TOKEN, { input: { siteId: admin.siteId, name: 'Front door bridge' } }, as);
      const { createSignInLink } = await gqlOk(app.url, op.SIGN_IN_LINK, { id: createUser.id }, as);

      const context = await browser.newContext();
      const page = await context.newPage();
      const traffic = recordTraffic(page);
      await signIn(page, createSignInLink.url);
      expect(new URL(page.url()).pathname).toBe('/my-pins');
      await page.getByRole('heading', { level: 1, name: 'My PINs' }).waitFor();
      await page.getByText('You have no PIN yet.').waitFor();
      // Their doors, and when, in words on the site's clock.
      await page.getByRole('row', { name: /Front door/ }).getByRole('cell', { name: 'Any time (Europe/Madrid time)' }).waitFor();
      await page
        .getByRole('row', { name: /Yard gate/ })
        .getByRole('cell', { name: 'Monday to Friday, from 22:00 until 06:00 the next morning (Europe/Madrid time)' })
        .waitFor();
      await expectNoSeriousA11yViolations(page);

      // A chosen PIN: the API's one refusal is shown next to the field, a good one is shown once.
      const chosen = page.getByRole('region', { name: 'Choose your own PIN' });
      await chosen.getByLabel('Your PIN').fill('123456');
      await chosen.getByRole('button', { name: 'Set my PIN' }).click();
      const refusal = chosen.getByRole('alert');
      await refusal.filter({ hasText: 'This PIN cannot be used. Choose another one.' }).waitFor();
      expect(await chosen.getByLabel('Your PIN').getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
      await chosen.getByLabel('Your PIN').fill('abc');
      await chosen.getByRole('button', { name: 'Set my PIN' }).click();
      await chosen.getByRole('alert').filter({ hasText: /digits/ }).waitFor();
      const mine = '583920';
      await chosen.getByLabel('Your PIN').fill(mine);
      await chosen.getByRole('button', { name: 'Set my PIN' }).click();
      await page.getByText('This is the only time this PIN is shown').waitFor();
      expect(((await page.getByTestId('pin-digits').textContent()) ?? '').trim()).toBe(mine);
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('cell', { name: 'Chosen by you' }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain(mine);
      expect((await access(app.url, createBridgeToken.token, front, mine)).reason).toBe('GRANTED');

      // A generated PIN, read from the once-only screen.
      await page.getByRole('button', { name: 'Generate a new PIN' }).click();
      await page.getByText('This is the only time this PIN is shown').waitFor();
      const digits = ((await page.getByTestId('pin-digits').textContent()) ?? '').trim();
      expect(digits).toMatch(/^\d{4,12}$/);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'my-pins-shown');
      const seenBefore = (await traffic.texts()).length;
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('cell', { name: 'Generated' }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain(digits);
      // One generated PIN at a time: a new one replaces it, after asking.
      await page.getByRole('button', { name: 'Replace my generated PIN…' }).waitFor();
      expect((await access(app.url, createBridgeToken.token, front, digits)).reason).toBe('GRANTED');

      // They block it themself: the next decision is PIN_BLOCKED.
      const generatedRow = page.getByRole('row', { name: /Generated/ });
      await generatedRow.getByRole('button', { name: 'Block…' }).click();
      await generatedRow.getByText('Every door refuses it at once, and only an admin can unblock it.').waitFor();
      await generatedRow.getByRole('button', { name: 'Block my PIN' }).click();
      await generatedRow.getByRole('cell', { name: 'Blocked', exact: true }).waitFor();
      expect((await access(app.url, createBridgeToken.token, front, digits)).reason).toBe('PIN_BLOCKED');
      expect((await access(app.url, createBridgeToken.token, front, mine)).reason).toBe('GRANTED');
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'my-pins');

      // Reload and go back: the digits appear nowhere.
      await page.reload();
      await page.getByRole('row', { name: /Generated/ }).getByRole('cell', { name: 'Blocked', exact: true }).waitFor();
      await page.goBack();
      await page.goForward();
      await page.getByRole('heading', { level: 1, name: 'My PINs' }).waitFor();
      await page.getByRole('row', { name: /Generated/ }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain(digits);
      expect(await page.content()).not.toContain(digits);
      expect(await browserStorage(page)).not.toContain(digits);
      expect(await browserStorage(page)).not.toContain(mine);
      const after = (await traffic.texts()).slice(seenBefore);
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((e) => e.includes(digits))).toEqual([]);

      // With the generated PIN blocked they may generate another; an ACTIVE one is replaced after asking.
      const readShown = async (): Promise<string> => {
        await page.getByText('This is the only time this PIN is shown').waitFor();
        const shown = ((await page.getByTestId('pin-digits').textContent()) ?? '').trim();
        await page.getByRole('button', { name: 'Done' }).click();
        await page.getByRole('heading', { level: 2, name: 'Your PINs' }).waitFor();
        return shown;
      };
      await page.getByRole('button', { name: 'Generate a new PIN' }).click();
      const second = await readShown();
      expect((await access(app.url, createBridgeToken.token, front, second)).reason).toBe('GRANTED');
      await page.getByRole('button', { name: 'Replace my generated PIN…' }).click();
      await page.getByText('Replace your generated PIN? The old one stops working at once.').waitFor();
      await page.getByRole('group', { name: 'Confirm replacing' }).getByRole('button', { name: 'Generate a new PIN' }).click();
      const third = await readShown();
      expect(third).toMatch(/^\d{4,12}$/);
      expect((await access(app.url, createBridgeToken.token, front, third)).reason).toBe('GRANTED');
      if (third !== second) expect((await access(app.url, createBridgeToken.token, front, second)).granted).toBe(false);
      expect(await page.getByRole('cell', { name: 'Generated' }).count()).toBe(2);

      // Admin pages send them back to their own; admin operations are refused by the API.
      await page.goto(`${app.origin}/users`);
      await page.waitForURL((u) => u.pathname === '/my-pins');
      await page.getByRole('heading', { level: 1, name: 'My PINs' }).waitFor();
      const refused = (await page.evaluate(
        `fetch('/graphql', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: ${JSON.stringify(op.CREATE_LOCK)}, variables: { input: { siteId: ${JSON.stringify(admin.siteId)}, name: 'Side door' } } }),
        }).then((r) => r.json())`,
      )) as { data: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const { site } = await gqlOk(app.url, op.SITE, { id: admin.siteId }, as);
      expect(site.locks.map((l: { name: string }) => l.name).sort()).toEqual(['Front door', 'Yard gate']);
      await context.close();
    }, 180_000);
  });
}

userJourney('sqlite', async () => true);
userJourney('postgresql', async () => (await serviceAnswers('PostgreSQL', PG_ADMIN_URL)) && (await serviceAnswers('Redis', REDIS_TEST_URL)), {
  REDIS_URL: REDIS_TEST_URL,
});
