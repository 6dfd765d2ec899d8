import 'reflect-metadata';
import type { Browser } from 'playwright-core';
import { adminSignInUrl, chromiumAvailable, CHROMIUM_PATH, launchBrowser, signIn, signInUrlFor, startConsoleApp } from '../support/browser.support';
import { createTestDatabase } from '../support/databases';
import { gqlOk } from '../support/graphql.client';

/**
 * `npm run bench:console`: how long the console takes to show a page on loopback, cold (a new
 * browser context each time: no cache), on the embedded SQLite with 100 users. For each round:
 * first contentful paint, and the time until the Users table shows its rows. The baseline, in the
 * same run, is the browser loading /healthz (a navigation with no console at all).
 */
const ROUNDS = 9;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(browser: Browser, origin: string, signInUrl: () => Promise<string>) {
  const fcp: number[] = [];
  const table: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const bare = await browser.newContext();
    const p0 = await bare.newPage();
    const b0 = performance.now();
    await p0.goto(`${origin}/healthz`);
    baseline.push(performance.now() - b0);
    await bare.close();

    // Sign in once in a throw-away context, then measure in a cold one holding only its cookie.
    const warm = await browser.newContext();
    await signIn(await warm.newPage(), await signInUrl());
    const storageState = await warm.storageState();
    await warm.close();
    const cold = await browser.newContext({ storageState });
    const p = await cold.newPage();
    const t0 = performance.now();
    await p.goto(`${origin}/users`);
    await p.getByRole('row').nth(50).waitFor();
    table.push(performance.now() - t0);
    fcp.push(await p.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    await cold.close();
  }
  return { fcp: median(fcp), table: median(table), baseline: median(baseline) };
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`${CHROMIUM_PATH} is missing: install Chromium (apt-get install chromium)`);
  const db = await createTestDatabase('sqlite');
  const app = await startConsoleApp(db);
  const browser = await launchBrowser();
  try {
    const admin = await adminSignInUrl(app, { name: 'Render site' });
    for (let i = 0; i < 100; i++) {
      await gqlOk(app.url, CREATE_USER, { input: { siteId: admin.siteId, name: `User ${i}`, email: `u${i}@example.com` } }, admin.adminToken);
    }
    const links = () => signInUrlFor(app, admin.adminId);
    process.stdout.write(`console first render on loopback, ${ROUNDS} cold rounds (medians):\n`);
    const r = await measure(browser, app.origin, links);
    process.stdout.write(`  baseline (navigate to /healthz): ${r.baseline.toFixed(1)} ms\n`);
    process.stdout.write(`  first contentful paint of /users: ${r.fcp.toFixed(1)} ms\n`);
    process.stdout.write(`  /users until its table shows 50 rows: ${r.table.toFixed(1)} ms (${(r.table / r.baseline).toFixed(1)}x the baseline)\n`);
  } finally {
    await browser.close();
    await app.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:console failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
