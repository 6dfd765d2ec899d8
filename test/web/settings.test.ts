import type { Browser, Page } from 'playwright-core';
import { SitePlan } from '../../src/modules/site/site.entity';
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
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { gql, gqlOk } from '../support/graphql.client';

const POLICY = `query($id: ID!) { site(id: $id) { pinPolicy { autoPinLength maxFailedAttempts lockoutSeconds riskTarget customPinsEnabled } guessingRisk { perDay } } }`;
const TOKENS = `query($id: ID!) { site(id: $id) { bridges { id name lockIds } tokens(includeRevoked: true) { id kind name lockIds revokedAt } } }`;

/** Waits until `check` holds (the page updates on its own time). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still not true after 30 s: ${what}`);
}

/** Everything the page keeps in the browser's own storage, as text. */
async function browserStorage(page: Page): Promise<string> {
  return (await page.evaluate(`(async () => JSON.stringify({
    local: Object.entries(localStorage),
    session: Object.entries(sessionStorage),
    history: history.state,
  }))()`)) as string;
}

/**
 * The Settings page on SQLite: a refused policy changes nothing and says why beside the form, a
 * valid one saves; the guessing risk is shown; a bridge token is created, its secret shown once,
 * listed without it and revoked.
 */
describeBrowser('Console settings (browser)', () => {
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

  it('refuses a bad policy beside the form, saves a good one, shows the risk, and issues, lists and revokes a bridge token', async () => {
    const admin = await adminSignInUrl(app, { name: 'Settings site' });
    const { createLock } = await gqlOk(app.url, op.CREATE_LOCK, { input: { siteId: admin.siteId, name: 'Front door' } }, admin.adminToken);
    await gqlOk(app.url, op.CREATE_LOCK, { input: { siteId: admin.siteId, name: 'Back door' } }, admin.adminToken);
    // A user with a PIN at the front door, so the risk is not zero.
    const { createUser } = await gqlOk(app.url, op.CREATE_USER, { input: { siteId: admin.siteId, name: 'Bea Builder' } }, admin.adminToken);
    await gqlOk(app.url, op.GRANT, { input: { userId: createUser.id, lockId: createLock.id } }, admin.adminToken);
    await gqlOk(app.url, op.ASSIGN, { input: { userId: createUser.id, kind: 'AUTO' } }, admin.adminToken);
    const before = (await gqlOk(app.url, POLICY, { id: admin.siteId }, admin.adminToken)).site;
    const context = await browser.newContext();
    const page = await context.newPage();
    const traffic = recordTraffic(page);
    await signIn(page, admin.url);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const policy = page.getByRole('region', { name: 'PIN policy' });
    await expect(policy.getByLabel('Digits of generated PINs').inputValue()).resolves.toBe(String(before.pinPolicy.autoPinLength));
    await expect(policy.getByLabel('Users may choose their own PINs').isEnabled()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(page);

    // A refused value: the API's reason beside the form, and nothing changed (not even the valid field).
    await policy.getByLabel('Failed attempts before a door locks out').fill('7');
    await policy.getByLabel('Digits of generated PINs').fill('12');
    await policy.getByRole('button', { name: 'Save policy' }).click();
    const refusal = policy.getByRole('alert');
    await refusal.filter({ hasText: 'autoPinLength' }).waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await policy.getByRole('status').innerText()).not.toContain('Saved');
    expect((await gqlOk(app.url, POLICY, { id: admin.siteId }, admin.adminToken)).site.pinPolicy).toEqual(before.pinPolicy);

    // A valid change saves; the button is off while it does.
    await policy.getByLabel('Digits of generated PINs').fill('8');
    const save = policy.getByRole('button', { name: /Save policy|Saving/ });
    await save.click();
    await policy.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect(policy.getByRole('alert').count()).resolves.toBe(0);
    const after = (await gqlOk(app.url, POLICY, { id: admin.siteId }, admin.adminToken)).site;
    expect(after.pinPolicy).toEqual({ ...before.pinPolicy, autoPinLength: 8, maxFailedAttempts: 7 });
    await expect(policy.getByLabel('Digits of generated PINs').inputValue()).resolves.toBe('8');

    // The guessing risk, in percent and in words, as the API computes it.
    const risk = page.getByRole('region', { name: 'Guessing risk' });
    await risk.getByText('is the chance that a stranger opens a door in 24 h').waitFor();
    expect(after.guessingRisk.perDay).toBeGreaterThan(0);
    const shownP = async () => Number((await risk.getByTestId('risk-percent').innerText()).replace(' %', '')) / 100;
    // Asked again after the policy saved: within the three digits shown of the API's figure.
    await until(async () => Math.abs((await shownP()) - after.guessingRisk.perDay) <= after.guessingRisk.perDay * 0.01, 'the risk shown is the API\'s');
    expect(await risk.getByTestId('risk-percent').innerText()).toMatch(/^[\d.]+ %$/);
    expect(await risk.innerText()).toMatch(/is the chance that a stranger opens a door in 24 h \(about 1 in [\d,]+\)/);
    await risk.getByText('Failed guesses allowed per 24 h (G)').waitFor();

    // A bridge token for the front door only: its secret once.
    const credentials = page.getByRole('region', { name: 'Credentials' });
    await credentials.getByLabel('Token name').fill('Gate bridge');
    await credentials.getByLabel('Only some doors').check();
    await credentials.getByLabel('Front door').check();
    await credentials.getByRole('button', { name: 'Create bridge token' }).click();
    await page.getByText('This is the only time this token is shown').waitFor();
    const secret = ((await page.getByTestId('token-secret').textContent()) ?? '').trim();
    expect(secret.length).toBeGreaterThan(20);
    await expectNoSeriousA11yViolations(page);
    // The secret works: the bridge gets a door decision with it, for its own door.
    expect((await access(app.url, secret, createLock.id, '00000000')).granted).toBe(false);
    const listed = (await gqlOk(app.url, TOKENS, { id: admin.siteId }, admin.adminToken)).site;
    const token = listed.tokens.find((t: { name: string }) => t.name === 'Gate bridge');
    expect(token).toMatchObject({ kind: 'BRIDGE', lockIds: [createLock.id], revokedAt: null });
    const seenBefore = (await traffic.texts()).length;
    await page.getByRole('button', { name: 'Done' }).click();

    // Listed without its secret, and in the bridges table with its door.
    const row = page.getByRole('row', { name: /Gate bridge/ }).filter({ hasText: 'Bridge' }).filter({ has: page.getByRole('button', { name: 'Revoke Gate bridge…' }) });
    await row.waitFor();
    await row.getByRole('cell', { name: 'Ada Admin (you)' }).waitFor();
    const bridges = page.getByRole('region', { name: 'Bridges' });
    await bridges.getByRole('cell', { name: 'Front door', exact: true }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(secret);
    await screenshot(page, 'settings');

    // Revoke it: the confirmation says the exposed PINs come next; then their count.
    await row.getByRole('button', { name: 'Revoke Gate bridge…' }).click();
    await page.getByRole('group', { name: 'Confirm revoking Gate bridge' }).getByText(/the PINs this bridge held \(exposed\) are listed next/).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Revoke token' }).click();
    const exposed = page.getByRole('region', { name: 'PINs exposed by “Gate bridge”' });
    await exposed.getByText('0 active PINs were held by this bridge.').waitFor();
    const revokedRes = await gql(app.url, `query($lockId: ID!, $pin: String!) { lockAccess(lockId: $lockId, pin: $pin) { granted } }`, { lockId: createLock.id, pin: '00000000' }, secret);
    expect(revokedRes.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await page.getByRole('button', { name: 'Revoke Gate bridge…' }).waitFor({ state: 'detached' });
    await page.getByLabel('Show revoked and expired ones too').check();
    const revokedRow = page.getByRole('row', { name: /Gate bridge/ });
    await revokedRow.waitFor();
    expect(await revokedRow.getByRole('cell').nth(6).innerText()).not.toBe('—');
    await exposed.getByRole('button', { name: 'Done' }).click();

    // The secret is nowhere after "Done": not on the page after a reload, not in storage, not fetched again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('region', { name: 'Bridges' }).getByText('No bridges yet.').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await browserStorage(page)).not.toContain(secret);
    const later = (await traffic.texts()).slice(seenBefore);
    expect(later.length).toBeGreaterThan(0);
    expect(later.filter((e) => e.includes(secret))).toEqual([]);
    await expectNoSeriousA11yViolations(page);
    await context.close();
  }, 180_000);

  it('says why custom PINs are off on a STANDARD site', async () => {
    const admin = await adminSignInUrl(app, { name: 'Standard site', plan: SitePlan.STANDARD });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, admin.url);
    await page.goto(`${app.origin}/settings`);
    const box = page.getByLabel('Users may choose their own PINs');
    await box.waitFor();
    expect(await box.isDisabled()).toBe(true);
    await page.getByText('Custom PINs need the PRO plan; this site is on the STANDARD plan.').waitFor();
    await context.close();
  }, 120_000);
});
