import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { adminSignInUrl, describeBrowser, expectNoSeriousA11yViolations, launchBrowser, signIn, startConsoleApp, type ConsoleApp } from '../support/browser.support';

describeBrowser('Console shell (browser)', () => {
  let db: TestDatabase;
  let app: ConsoleApp;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startConsoleApp(db);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it('marks the current page in the navigation, and says so when the session ends mid-use', async () => {
    const { url } = await adminSignInUrl(app);
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const current = async () => nav.locator('[aria-current="page"]').allTextContents();
    await page.waitForURL(`${app.origin}/users`);
    expect(await current()).toEqual(['Users']);
    await nav.getByRole('link', { name: 'Locks' }).click();
    await page.waitForURL(`${app.origin}/locks`);
    expect(await current()).toEqual(['Locks']);
    await expectNoSeriousA11yViolations(page);
    expect(await page.getByText('Your session ended').count()).toBe(0);

    // The session ends elsewhere (signed out from another tab).
    const cookie = (await context.cookies(app.origin)).find((c) => c.name === 'pingate_session')!;
    const out = await fetch(`${app.origin}/auth/sign-out`, { method: 'POST', headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(out.status).toBe(204);

    await nav.getByRole('link', { name: 'Activity' }).click();
    const banner = page.getByRole('alert').filter({ hasText: 'Your session ended' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/open a new sign-in link/);
    await expectNoSeriousA11yViolations(page);
    await banner.getByRole('link', { name: 'Go to the sign-in page' }).click();
    await page.waitForURL(`${app.origin}/sign-in`);
    await context.close();
  });
});
