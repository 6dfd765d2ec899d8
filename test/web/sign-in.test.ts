import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { adminSignInUrl, describeBrowser, launchBrowser, startConsoleApp, type ConsoleApp } from '../support/browser.support';

describeBrowser('Console sign-in (browser)', () => {
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

  it('an admin link made like create-site makes it opens the signed-in console, and the code leaves the address bar', async () => {
    const { url } = await adminSignInUrl(app, { name: 'Harbour workshop' });
    expect(url.startsWith(`${app.origin}/sign-in#code=`)).toBe(true);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect(page.getByText('Harbour workshop', { exact: true }).isVisible()).resolves.toBe(true);
    const code = new URL(url).hash.replace('#code=', '');
    expect(page.url()).not.toContain(code);
    expect(page.url()).not.toContain('code=');
    // Runs in the page: the address and the history entry the app left behind.
    const history = await page.evaluate('({ href: location.href, state: JSON.stringify(history.state) })') as { href: string; state: string | null };
    expect(history.href).not.toContain(code);
    expect(history.state ?? '').not.toContain(code);
    await context.close();
  });

  it('a link that was already used shows "expired or already used" and signs nobody in', async () => {
    const { url } = await adminSignInUrl(app, { name: 'Second site' });
    const first = await browser.newContext();
    const firstPage = await first.newPage();
    await firstPage.goto(url);
    await firstPage.getByRole('navigation', { name: 'Main' }).waitFor();
    await first.close();

    const second = await browser.newContext();
    const page = await second.newPage();
    await page.goto(url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/expired or was already used/);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    expect(page.url()).not.toContain('code=');
    expect(await second.cookies()).toEqual([]);
    await second.close();
  });
});
