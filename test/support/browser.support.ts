import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { ADMIN_LINK_MAX_MINUTES } from '../../src/modules/identity/sign-in.service';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { SitePlan } from '../../src/modules/site/site.entity';
import { buildConsole, PROJECT_ROOT } from './console-build.support';
import type { TestDatabase } from './databases';
import { IN_CI } from './env';
import { freePort } from './free-port';
import { startTestApp, type SeededSite, type TestApp } from './test-app';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags every test browser runs with (plus its own fresh profile folder). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const chromiumAvailable = (): boolean => fs.existsSync(CHROMIUM_PATH);

/**
 * A describe block of browser tests: skipped with a message when Chromium is not installed, and a
 * failure under CI=true (CI installs it).
 */
export function describeBrowser(title: string, fn: () => void): void {
  if (chromiumAvailable()) {
    describe(title, fn);
    return;
  }
  if (IN_CI) {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM_PATH} is missing and CI=true: a missing browser is a failure (apt-get install chromium)`);
      });
    });
    return;
  }
  console.warn(`${CHROMIUM_PATH} is missing: skipping "${title}" (apt-get install chromium)`);
  describe.skip(title, fn);
}

/** Chromium may still be writing its profile as it exits: retry, and leave leftovers to the OS's temp cleaning. */
function removeProfile(profile: string): void {
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    // a temp folder: not worth failing a test over
  }
}

/**
 * Debian's Chromium, headless, with a fresh profile folder removed when the browser closes.
 * Playwright's own default flags are replaced by ours; it only adds its control pipe.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-chromium-'));
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      ignoreDefaultArgs: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--no-startup-window'],
    });
    browser.on('disconnected', () => removeProfile(profile));
    return browser;
  } catch (err) {
    removeProfile(profile);
    throw err;
  }
}

export interface ConsoleApp extends TestApp {
  /** `http://127.0.0.1:<port>`: the app's PUBLIC_URL, where the console is served. */
  origin: string;
  /** The built console the app serves (WEB_DIST). */
  webDist: string;
}

/**
 * A real PinGate server serving the console built from the current sources, with PUBLIC_URL equal
 * to its own origin (so cookies, Origin checks and sign-in links line up).
 */
export async function startConsoleApp(db: TestDatabase, env: Record<string, string> = {}): Promise<ConsoleApp> {
  const webDist = await buildConsole();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await startTestApp(db, { PORT: String(port), PUBLIC_URL: origin, WEB_DIST: webDist, ...env });
  return { ...app, origin, webDist };
}

export interface AdminLink extends SeededSite {
  /** `<origin>/sign-in#code=...`, as `cli create-site` prints it. */
  url: string;
}

/** A new site and its first admin, made as `cli create-site` makes them, with the admin's sign-in link. */
export async function adminSignInUrl(
  t: TestApp,
  opts: { name?: string; plan?: SitePlan; timezone?: string; adminName?: string; adminEmail?: string } = {},
): Promise<AdminLink> {
  const { services, db } = t.app.core;
  const em = db.fork();
  const { site, admin } = await services.sites.createSite(em, {
    name: opts.name ?? 'Head office',
    plan: opts.plan ?? SitePlan.PRO,
    timezone: opts.timezone ?? 'Europe/Madrid',
    adminName: opts.adminName ?? 'Ada Admin',
    adminEmail: opts.adminEmail ?? 'ada@example.com',
  });
  const token = await services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'cli' });
  const link = await services.signIn.createLinkByCli(em, admin.id, ADMIN_LINK_MAX_MINUTES);
  return { siteId: site.id, adminId: admin.id, adminToken: token.token, url: link.url };
}

/** A sign-in link for any user (as `cli sign-in-link --user` makes it). */
export async function signInUrlFor(t: TestApp, userId: string, minutes = 60): Promise<string> {
  const link = await t.app.core.services.signIn.createLinkByCli(t.app.core.db.fork(), userId, minutes);
  return link.url;
}

/** Opens a sign-in link and waits for the signed-in console (its main navigation). */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Axe finds no serious or critical violation on the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  expect(serious).toEqual([]);
}

export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test', 'web', 'screenshots');

/** Writes test/web/screenshots/<name>.png (git-ignored): for looking at, never compared. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface Traffic {
  /** Every URL, request body, response body and WebSocket frame seen so far (after pending bodies are read). */
  texts(): Promise<string[]>;
  /** The entries that contain `needle`. */
  find(needle: string): Promise<string[]>;
}

/**
 * Records what the page sends and receives: request URLs and bodies, response URLs and bodies,
 * WebSocket URLs and frames; to prove that a secret never travels where it should not.
 */
export function recordTraffic(page: Page): Traffic {
  const entries: string[] = [];
  const pending: Array<Promise<void>> = [];
  page.on('request', (req) => {
    entries.push(`> ${req.method()} ${req.url()}`);
    const body = req.postData();
    if (body) entries.push(`> body ${req.url()} ${body}`);
  });
  page.on('response', (res) => {
    entries.push(`< ${res.status()} ${res.url()}`);
    pending.push(
      res
        .text()
        .then((body) => void entries.push(`< body ${res.url()} ${body}`))
        .catch(() => undefined),
    );
  });
  page.on('websocket', (ws) => {
    entries.push(`ws ${ws.url()}`);
    ws.on('framesent', (f) => entries.push(`ws> ${String(f.payload)}`));
    ws.on('framereceived', (f) => entries.push(`ws< ${String(f.payload)}`));
  });
  const texts = async () => {
    await Promise.all(pending);
    return [...entries];
  };
  return { texts, find: async (needle) => (await texts()).filter((e) => e.includes(needle)) };
}
