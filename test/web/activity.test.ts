import type { Browser, Page } from 'playwright-core';
import { PinEventType } from '../../src/modules/events/event.entity';
import { AccessReason } from '../../src/modules/access/access-reason';
import { describeBrowser, expectNoSeriousA11yViolations, launchBrowser, screenshot } from '../support/browser.support';
import { buildConsole } from '../support/console-build.support';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { freePort } from '../support/free-port';
import { sleep } from '../support/clock.support';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';

const SEEDED = 10_000;
const NEWEST = `query($siteId: ID!) { pinEvents(siteId: $siteId, last: 1) { id } }`;
const DENY = `query($lockId: ID!, $pin: String!) { lockAccess(lockId: $lockId, pin: $pin) { granted reason } }`;

/** The Activity page over 10,000 events, live, across a restart of the API. */
describeBrowser('console: Activity', () => {
  let db: TestDatabase;
  let t: TestApp;
  let port: number;
  let origin: string;
  let s: SeededSite;
  let browser: Browser;
  let page: Page;
  let lockId: string;
  let bridgeToken: string;
  let webDist: string;

  // The console built from the current sources (not a prebuilt dist/web), on the same port across the restart.
  const start = () => startTestApp(db, { PORT: String(port), PUBLIC_URL: origin, WEB_DIST: webDist }, t?.pepper);
  const newestId = async (): Promise<number> => Number((await gqlOk(t.url, NEWEST, { siteId: s.siteId }, s.adminToken)).pinEvents[0].id);
  /** The newest event id once it is above `id` (decisions reach the log in batches, at most 200 ms late). */
  const newestAbove = async (id: number): Promise<number> => {
    for (;;) {
      const newest = await newestId();
      if (newest > id) return newest;
      await sleep(20);
    }
  };
  const rows = (id: number) => page.locator(`tr.event-row[data-event-id="${id}"]`);
  const liveState = () => page.getByTestId('activity-live');

  beforeAll(async () => {
    webDist = await buildConsole();
    db = await createTestDatabase('sqlite');
    port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await start();
    s = await seedSite(t);
    lockId = (await gqlOk(t.url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Front door' } }, s.adminToken)).createLock.id;
    const bob = (await gqlOk(t.url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Bob Builder' } }, s.adminToken)).createUser.id;
    bridgeToken = (await gqlOk(t.url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'Front keypad' } }, s.adminToken)).createBridgeToken.token;
    // The log the way decisions write it, in batches: refusals and openings at the door.
    const { db: orm, eventLog } = t.app.core;
    for (let done = 0; done < SEEDED; done += 1000) {
      const drafts = Array.from({ length: 1000 }, (_, i) =>
        (done + i) % 3 === 0
          ? { type: PinEventType.ACCESS_GRANTED, lockId, userId: bob, reason: AccessReason.GRANTED }
          : { type: PinEventType.ACCESS_DENIED, lockId, reason: AccessReason.INVALID_PIN },
      );
      eventLog.committed(await orm.fork().transactional((em) => eventLog.append(em, s.siteId, drafts)));
    }
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await db?.drop();
  });

  it('renders a window of 10,000 events, scrolls to the oldest, shows a live event, and resumes after a restart with no gap and no duplicate', async () => {
    const { createSignInLink } = await gqlOk(t.url, op.SIGN_IN_LINK, { id: s.adminId }, s.adminToken);
    await page.goto(createSignInLink.url);
    await page.waitForURL(/\/users$/);
    await page.goto(`${origin}/activity`);
    await expect(liveState().getAttribute('data-state', { timeout: 10_000 })).resolves.toBeDefined();
    await page.locator('[data-testid="activity-live"][data-state="live"]').waitFor();

    // Every page of history, newest first, down to the start of the log.
    // While a page loads the button reads "Loading…": keep going until the start of the log shows,
    // not until the button is out of sight.
    const older = page.getByRole('button', { name: 'Load older events' });
    const startOfLog = page.getByText('This is the start of the log.');
    const deadline = Date.now() + 120_000;
    while (!(await startOfLog.isVisible())) {
      if (Date.now() > deadline) throw new Error('the start of the log was not reached within 120 s');
      if (await older.isVisible()) await older.click({ timeout: 5_000 }).catch(() => undefined);
      else await page.waitForTimeout(50);
    }
    const total = await newestId();
    expect(total).toBeGreaterThanOrEqual(SEEDED);
    await page.getByText(`${total} events loaded`).waitFor();
    expect(await page.locator('tr.event-row').count()).toBeLessThan(200);
    expect(await page.locator('tr.event-row').count()).toBeGreaterThan(5);

    // Scroll to the end: the oldest event is there, still only a window of rows.
    const region = page.getByRole('region', { name: /^Events/ });
    await region.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await rows(1).waitFor();
    expect(await page.locator('tr.event-row').count()).toBeLessThan(200);
    await expect(rows(1).locator('td').nth(3).textContent()).resolves.toBe('Front door');
    await region.evaluate((el) => (el.scrollTop = 0));

    // A live event appears at the top within 2 s.
    const before = await newestId();
    await gqlOk(t.url, DENY, { lockId, pin: '000000' }, bridgeToken);
    // Decisions are written in batches (at most 200 ms late): the event exists once it is in the log.
    const live = await newestAbove(before);
    await rows(live).waitFor({ timeout: 2000 });
    await expect(rows(live).locator('td').nth(2).textContent()).resolves.toContain('Wrong PIN');

    // The API goes away: the badge says so. Events are made meanwhile (through another node on the same database).
    await t.stop();
    await page.locator('.connection[data-state="reconnecting"]').waitFor();
    await page.locator('[data-testid="activity-live"][data-state="reconnecting"]').waitFor();
    const other = await startTestApp(db, {}, t.pepper);
    await gqlOk(other.url, DENY, { lockId, pin: '111111' }, bridgeToken);
    await gqlOk(other.url, DENY, { lockId, pin: '222222' }, bridgeToken);
    await other.stop();

    // Back on the same port: both appear, once each, and nothing is duplicated.
    t = await start();
    await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
    const after = await newestId();
    expect(after).toBe(live + 2);
    await rows(live + 1).waitFor();
    await rows(live + 2).waitFor();
    await page.getByText(`${after} events loaded`).waitFor();
    for (const id of [live, live + 1, live + 2]) expect(await rows(id).count()).toBe(1);
    const ids = await page.locator('tr.event-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-id')));
    expect(new Set(ids).size).toBe(ids.length);

    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'activity');
  }, 180_000);

  it('filters by door, person and event over the events loaded', async () => {
    await page.getByLabel('Event', { exact: true }).selectOption({ label: 'Door opened' });
    await page.getByText(/of \d+ loaded events match/).waitFor();
    const types = await page.locator('tr.event-row td:nth-child(2)').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Door opened']));
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Bob Builder' });
    expect(new Set(await page.locator('tr.event-row td:nth-child(5)').allTextContents())).toEqual(new Set(['Bob Builder']));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText(/^\d+ events loaded$/).waitFor();
  });
});
