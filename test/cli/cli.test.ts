import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli';
import { createTestDatabase } from '../support/databases';
import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp } from '../support/test-app';
import { codeOf as linkCode } from '../support/user-session.support';
import { access, door } from '../access/access.support';
import * as op from '../e2e/domain.operations';

const PEPPER = 'ab'.repeat(32);
const REDEEM = `mutation($code: String!) { redeemSignIn(code: $code) { token user { id } } }`;

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { NODE_ENV: 'test', PIN_PEPPER: PEPPER, ...env }, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('the CLI', () => {
  it('creates a site and its first admin on SQLite, printing one JSON line whose token works', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const res = await run(['create-site', '--name', 'HQ', '--plan', 'PRO', '--timezone', 'Europe/Madrid', '--admin-name', 'Ada', '--admin-email', 'ada@example.com'], { DATA_DIR: db.dataDir });
      expect(res).toMatchObject({ code: 0, err: [] });
      expect(res.out).toHaveLength(1);
      const printed = JSON.parse(res.out[0]);
      expect(Object.keys(printed).sort()).toEqual(['adminToken', 'adminUserId', 'signInUrl', 'siteId']);
      expect(printed.signInUrl).toMatch(/^http:\/\/localhost:4000\/sign-in#code=[A-Za-z0-9_-]{22}$/);
      const t = await startTestApp(db, {}, PEPPER);
      try {
        const me = await gqlOk(t.url, '{ me { id role site { id name plan timezone } } }', {}, printed.adminToken);
        expect(me.me).toEqual({ id: printed.adminUserId, role: 'ADMIN', site: { id: printed.siteId, name: 'HQ', plan: 'PRO', timezone: 'Europe/Madrid' } });
        const { redeemSignIn } = await gqlOk(t.url, REDEEM, { code: linkCode(printed.signInUrl) });
        expect(redeemSignIn.user.id).toBe(printed.adminUserId);
      } finally {
        await t.stop();
      }
    } finally {
      await db.drop();
    }
  });

  it('prints a one-use sign-in link for any user, recorded as made by the CLI', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const env = { DATA_DIR: db.dataDir, PUBLIC_URL: 'https://pins.example.test' };
      const site = JSON.parse((await run(['create-site', '--name', 'HQ', '--admin-name', 'Ada'], env)).out[0]);
      const before = Date.now();
      const res = await run(['sign-in-link', '--user', site.adminUserId, '--minutes', '15'], env);
      expect(res).toMatchObject({ code: 0, err: [] });
      const printed = JSON.parse(res.out[0]);
      expect(printed.signInUrl).toMatch(/^https:\/\/pins\.example\.test\/sign-in#code=[A-Za-z0-9_-]{22}$/);
      expect(Math.abs(Date.parse(printed.expiresAt) - (before + 15 * 60_000))).toBeLessThan(10_000);
      const t = await startTestApp(db, {}, PEPPER);
      try {
        const { redeemSignIn } = await gqlOk(t.url, REDEEM, { code: linkCode(printed.signInUrl) });
        expect(redeemSignIn.user.id).toBe(site.adminUserId);
        const actors = (await t.app.core.db.fork().execute(`select actor_id from pin_event where type = 'SIGN_IN_LINK_CREATED'`)) as Array<{ actor_id: string }>;
        expect(actors.map((a) => a.actor_id)).toEqual(['cli', 'cli']);
      } finally {
        await t.stop();
      }
      const bad = await run(['sign-in-link', '--user', site.adminUserId, '--minutes', '10081'], env);
      expect([bad.code, bad.err.join()]).toEqual([2, expect.stringMatching(/minutes/)]);
      const nobody = await run(['sign-in-link', '--user', '00000000-0000-4000-8000-000000000000'], env);
      expect([nobody.code, nobody.err.join()]).toEqual([2, expect.stringMatching(/User not found/)]);
      expect((await run(['sign-in-link'], env)).err.join()).toMatch(/missing --user/);
    } finally {
      await db.drop();
    }
  });

  it('runs migrations on PostgreSQL and reports none pending the second time', async () => {
    if (!(await serviceAnswers('PostgreSQL', PG_ADMIN_URL))) return;
    const db = await createTestDatabase('postgresql');
    try {
      const first = await run(['migrate'], { DATABASE_URL: db.databaseUrl!, DATA_DIR: db.dataDir });
      expect(first.code).toBe(0);
      expect(JSON.parse(first.out[0]).applied.length).toBeGreaterThan(0);
      const second = await run(['migrate'], { DATABASE_URL: db.databaseUrl!, DATA_DIR: db.dataDir });
      expect(JSON.parse(second.out[0])).toEqual({ applied: [] });
    } finally {
      await db.drop();
    }
  });

  it('prints pepper-status: PINs per key version, the current one, quarantine, and which previous pepper can go', async () => {
    const db = await createTestDatabase('sqlite');
    const A = 'a1'.repeat(32);
    const B = 'b2'.repeat(32);
    const rotated = { DATA_DIR: db.dataDir, PIN_PEPPER: B, PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: `1:${A}` };
    type Status = { current: number; versions: Array<{ version: number; current: boolean; configured: boolean; active: number; blocked: number; quarantinedUntil: string | null; removable: boolean }> };
    const status = async (env: NodeJS.ProcessEnv): Promise<Status> => {
      const res = await run(['pepper-status'], env);
      expect(res).toMatchObject({ code: 0, err: [] });
      expect(res.out).toHaveLength(1);
      for (const secret of [A, B]) expect(res.out[0]).not.toContain(secret);
      return JSON.parse(res.out[0]);
    };
    try {
      const first = await startTestApp(db, {}, A);
      const s = await seedSite(first);
      const kept = await door(first.url, s);
      const replaced = await door(first.url, s);
      const { reassignPin } = await gqlOk(first.url, op.REASSIGN, { input: { pinId: replaced.pinId } }, s.adminToken);
      const retiredAt = Date.now();
      await first.stop();

      const before = await status(rotated);
      expect(before.current).toBe(2);
      expect(before.versions.map((v) => [v.version, v.current, v.configured, v.active, v.blocked, v.removable])).toEqual([
        [2, true, true, 0, 0, false],
        [1, false, true, 2, 0, false],
      ]);
      const until = Date.parse(before.versions[1].quarantinedUntil ?? '');
      expect(Math.abs(until - (retiredAt + 365 * 86_400_000))).toBeLessThan(60_000);

      const second = await startTestApp(db, { PIN_PEPPER_VERSION: '2', PIN_PEPPERS_PREVIOUS: `1:${A}` }, B);
      try {
        expect(await access(second.url, kept.bridgeToken, kept.lockId, kept.code)).toMatchObject({ granted: true });
        expect(await access(second.url, replaced.bridgeToken, replaced.lockId, reassignPin.code)).toMatchObject({ granted: true });
        await second.app.core.rekeyer.drain();
        const moved = await status(rotated);
        expect(moved.versions.map((v) => [v.version, v.active, v.removable])).toEqual([
          [2, 2, false],
          [1, 0, false],
        ]);
        expect(moved.versions[1].quarantinedUntil).not.toBeNull();
        // Without A configured, version 1 still shows while PINs under it are quarantined.
        const withoutA = await status({ DATA_DIR: db.dataDir, PIN_PEPPER: B, PIN_PEPPER_VERSION: '2' });
        expect(withoutA.versions.map((v) => [v.version, v.configured, v.active, v.removable])).toEqual([
          [2, true, 2, false],
          [1, false, 0, false],
        ]);
        await second.app.core.db.fork().execute('update site set pin_reuse_quarantine_days = 0');
      } finally {
        await second.stop();
      }
      const done = await status(rotated);
      expect(done.versions[1]).toMatchObject({ version: 1, active: 0, blocked: 0, quarantinedUntil: null, removable: true });
      expect(done.versions[0]).toMatchObject({ version: 2, active: 2, removable: false });

    } finally {
      await db.drop();
    }
  });

  it('refuses bad input with a clear message and exit code 2, creating nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingate-cli-'));
    try {
      const noName = await run(['create-site', '--admin-name', 'Ada'], { DATA_DIR: dir });
      expect(noName.code).toBe(2);
      expect(noName.err.join()).toMatch(/missing --name/);
      const badZone = await run(['create-site', '--name', 'HQ', '--timezone', 'Mars/Olympus', '--admin-name', 'Ada'], { DATA_DIR: dir });
      expect(badZone.code).toBe(2);
      expect(badZone.err.join()).toMatch(/timezone/);
      const badEnv = await run(['migrate'], { DATA_DIR: dir, DATABASE_URL: 'mysql://x', PORT: 'abc' });
      expect(badEnv.code).toBe(2);
      expect(badEnv.err.join()).toMatch(/DATABASE_URL/);
      expect(badEnv.err.join()).toMatch(/PORT/);
      const unknown = await run(['frobnicate'], { DATA_DIR: dir });
      expect(unknown.code).toBe(2);
      expect(unknown.out.join()).toMatch(/create-site/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a database error by its code, never its text (which quotes names and values)', async () => {
    if (!(await serviceAnswers('PostgreSQL', PG_ADMIN_URL))) return;
    const secret = `nobody_${'c0ffee'.repeat(6)}`;
    const url = new URL(PG_ADMIN_URL);
    url.username = secret;
    const res = await run(['migrate'], { DATABASE_URL: url.toString(), DATA_DIR: os.tmpdir() });
    expect(res.code).toBe(2);
    expect(res.err).toEqual([expect.stringMatching(/^error: database error .*28000/)]);
    expect(res.err.join('\n')).not.toContain(secret);
  });
});
