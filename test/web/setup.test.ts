import type { Browser } from 'playwright-core';
import { Site } from '../../src/modules/site/site.entity';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { describeBrowser, expectNoSeriousA11yViolations, launchBrowser, startConsoleApp, type ConsoleApp } from '../support/browser.support';

describeBrowser('Console set-up form (browser)', () => {
  let db: TestDatabase;
  let app: ConsoleApp;
  let browser: Browser;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startConsoleApp(db, { NODE_ENV: 'development' });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.drop();
  });

  it('the printed link opens the form; errors show next to their field; a filled form creates the site and signs the admin in', async () => {
    const setupUrl = app.app.setupUrl!;
    const code = new URL(setupUrl).hash.replace('#code=', '');
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(setupUrl);
    await page.getByRole('heading', { name: 'Set up PinGate' }).waitFor();
    expect(page.url()).not.toContain(code);
    expect(await page.getByLabel('Timezone').inputValue()).toBe('America/New_York');
    await expectNoSeriousA11yViolations(page);

    // Nothing typed: the errors name the fields, and nothing is created.
    await page.getByRole('button', { name: 'Create the site' }).click();
    const siteName = page.getByLabel('Site name');
    await expect(siteName.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = await siteName.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('Give the site a name.');
    expect(await app.app.core.db.fork().count(Site, {})).toBe(0);

    // The server's refusal of a field shows next to that field too (the code stays usable).
    await siteName.fill('Harbour workshop');
    await page.getByLabel(/Your name/).fill('Ada Admin');
    await page.getByLabel('Plan').selectOption('PRO');
    await page.getByLabel('Timezone').evaluate((el) => {
      const select = el as unknown as { add(o: unknown): void; value: string; ownerDocument: { createElement(n: string): { value: string; text: string } } };
      const option = select.ownerDocument.createElement('option');
      option.value = option.text = 'Mars/Olympus';
      select.add(option);
    });
    await page.getByLabel('Timezone').selectOption('Mars/Olympus');
    await page.getByRole('button', { name: 'Create the site' }).click();
    await page.locator('#timezone-error').waitFor();
    expect(await page.locator('#timezone-error').textContent()).toMatch(/timezone/);

    await page.getByLabel('Timezone').selectOption('America/New_York');
    await page.getByRole('button', { name: 'Create the site' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByText('Harbour workshop', { exact: true }).isVisible()).toBe(true);
    const [site] = await app.app.core.db.fork().find(Site, {});
    expect([site!.name, site!.timezone, site!.plan]).toEqual(['Harbour workshop', 'America/New_York', 'PRO']);

    // The link is used up: opening it again says so.
    const other = await browser.newContext();
    const again = await other.newPage();
    await again.goto(setupUrl);
    await again.getByLabel('Site name').fill('Second');
    await again.getByLabel(/Your name/).fill('Bob');
    await again.getByRole('button', { name: 'Create the site' }).click();
    const alert = again.locator('[data-code="SETUP_CLOSED"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/already set up/);
    await other.close();
    await context.close();
  });
});
