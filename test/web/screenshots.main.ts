import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { adminSignInUrl, chromiumAvailable, CHROMIUM_PATH, launchBrowser, signIn, startConsoleApp } from '../support/browser.support';
import { PROJECT_ROOT } from '../support/console-build.support';
import { createTestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';

/**
 * `npm run screenshots`: a demo site on a throw-away SQLite database (users, locks, permissions,
 * PINs and the events they leave), and a PNG of every console page in web/screenshots/ for the
 * README. Nothing is compared: the pictures are for people.
 */
const OUT = path.join(PROJECT_ROOT, 'web', 'screenshots');

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const CREATE_LOCK = `mutation($input: CreateLockInput!) { createLock(input: $input) { id } }`;
const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`;
const ASSIGN = `mutation($input: AssignPinInput!) { assignPin(input: $input) { pin { id } } }`;

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.getByText('Loading…').waitFor({ state: 'detached' }).catch(() => undefined);
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`${CHROMIUM_PATH} is missing: install Chromium (apt-get install chromium)`);
  const db = await createTestDatabase('sqlite');
  const app = await startConsoleApp(db);
  const browser = await launchBrowser();
  try {
    const admin = await adminSignInUrl(app, { name: 'Harbour workshop', timezone: 'Europe/Madrid' });
    const call = <T>(query: string, variables: Record<string, unknown>) => gqlOk<T>(app.url, query, variables, admin.adminToken);
    const users: string[] = [];
    for (const [name, email] of [['Uma Ortiz', 'uma@example.com'], ['Bo Berg', 'bo@example.com'], ['Cy Chen', null]] as const) {
      users.push((await call<{ createUser: { id: string } }>(CREATE_USER, { input: { siteId: admin.siteId, name, email } })).createUser.id);
    }
    const locks: string[] = [];
    for (const name of ['Front door', 'Workshop', 'Store room']) {
      locks.push((await call<{ createLock: { id: string } }>(CREATE_LOCK, { input: { siteId: admin.siteId, name } })).createLock.id);
    }
    const weekdays = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:00', end: '18:00' };
    await call(GRANT, { input: { userId: users[0], lockId: locks[0] } });
    await call(GRANT, { input: { userId: users[0], lockId: locks[1], schedule: weekdays } });
    await call(GRANT, { input: { userId: users[1], lockId: locks[0], schedule: weekdays } });
    await call(GRANT, { input: { userId: users[2], lockId: locks[2] } });
    await call(GRANT, { input: { userId: admin.adminId, lockId: locks[0] } });
    for (const userId of [users[0], users[1], admin.adminId]) await call(ASSIGN, { input: { userId } });

    fs.mkdirSync(OUT, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'Europe/Madrid' });
    const page = await context.newPage();
    await signIn(page, admin.url);
    const shoot = async (name: string) => {
      await settle(page);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
      process.stdout.write(`web/screenshots/${name}.png\n`);
    };
    for (const [route, name] of [['/users', 'users'], ['/locks', 'locks'], ['/activity', 'activity'], ['/settings', 'settings'], ['/my-pins', 'my-pins']]) {
      await page.goto(`${app.origin}${route}`);
      await shoot(name!);
    }
    await page.goto(`${app.origin}/users/${users[0]}`);
    await settle(page);
    const keys = page.getByRole('tab', { name: /keys/i }).or(page.getByRole('link', { name: /^keys$/i }));
    if (await keys.count()) await keys.first().click();
    await shoot('user-keys');

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const signInPage = await visitor.newPage();
    await signInPage.goto(`${app.origin}/sign-in`);
    await signInPage.getByRole('heading').first().waitFor();
    await signInPage.screenshot({ path: path.join(OUT, 'sign-in.png'), fullPage: true });
    process.stdout.write('web/screenshots/sign-in.png\n');
  } finally {
    await browser.close();
    await app.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshots failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
