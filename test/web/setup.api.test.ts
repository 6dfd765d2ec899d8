import { SetupCode } from '../../src/modules/site/setup-code';
import { Site } from '../../src/modules/site/site.entity';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { freePort } from '../support/free-port';
import { seedSite, startTestApp, type TestApp } from '../support/test-app';

interface Answer {
  status: number;
  body: { errors?: Array<{ message: string; extensions: { code: string; field?: string } }> } | null;
  cookie: string | null;
}

const form = { siteName: 'Harbour workshop', timezone: 'Europe/Madrid', plan: 'PRO', adminName: 'Ada Admin', adminEmail: 'ada@example.com' };

async function post(t: { origin: string }, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${t.origin}/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : null, cookie: res.headers.get('set-cookie') };
}

const codeOf = (answer: Answer) => answer.body?.errors?.[0]?.extensions.code;
const sites = (t: TestApp) => t.app.core.db.fork().count(Site, {});

async function devApp(db: TestDatabase, env: Record<string, string> = {}, pepper?: string): Promise<TestApp & { origin: string }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await startTestApp(db, { NODE_ENV: 'development', PORT: String(port), PUBLIC_URL: origin, ...env }, pepper);
  return { ...t, origin };
}

describe('Development set-up link (POST /auth/setup)', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('sqlite');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('creates the first site and signs its admin in, once; the code never reaches the log', async () => {
    const t = await devApp(db);
    try {
      expect(t.app.setupUrl).toMatch(new RegExp(`^${t.origin}/setup#code=[A-Za-z0-9_-]{22}$`));
      const code = new URL(t.app.setupUrl!).hash.replace('#code=', '');

      // Refused: wrong code, another origin, not JSON, bad fields; none creates anything or uses the code.
      expect(codeOf(await post(t, { ...form, code: 'A'.repeat(22) }))).toBe('UNAUTHENTICATED');
      expect((await post(t, { ...form, code }, { origin: 'http://evil.example' })).status).toBe(403);
      const notJson = await fetch(`${t.origin}/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${code}` });
      expect(notJson.status).toBe(415);
      expect((await post(t, '{"code":')).status).toBe(400);
      const empty = await post(t, { ...form, siteName: '   ', code });
      expect([empty.status, codeOf(empty), empty.body?.errors?.[0]?.extensions.field]).toEqual([400, 'BAD_USER_INPUT', 'siteName']);
      const zone = await post(t, { ...form, timezone: 'Mars/Olympus', code });
      expect([zone.status, zone.body?.errors?.[0]?.extensions.field]).toEqual([400, 'timezone']);
      const plan = await post(t, { ...form, plan: 'GOLD', code });
      expect([plan.status, plan.body?.errors?.[0]?.extensions.field]).toEqual([400, 'plan']);
      const wrongType = await post(t, { ...form, adminName: 42, code });
      expect([wrongType.status, wrongType.body?.errors?.[0]?.extensions.field]).toEqual([400, 'adminName']);
      expect(await sites(t)).toBe(0);

      const ok = await post(t, { ...form, code });
      expect(ok.status).toBe(204);
      expect(ok.cookie).toMatch(/^pingate_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
      const cookie = ok.cookie!.split(';')[0]!;
      const me = await fetch(`${t.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query: '{ me { name role site { name timezone plan } } }' }),
      });
      expect(((await me.json()) as { data: { me: unknown } }).data.me).toEqual({ name: 'Ada Admin', role: 'ADMIN', site: { name: 'Harbour workshop', timezone: 'Europe/Madrid', plan: 'PRO' } });

      const again = await post(t, { ...form, siteName: 'Second', code });
      expect([again.status, codeOf(again)]).toEqual([409, 'SETUP_CLOSED']);
      expect(await sites(t)).toBe(1);
      expect(t.logLines.join('\n')).not.toContain(code);
    } finally {
      await t.stop();
    }
  });

  it('two concurrent uses of the code make exactly one site', async () => {
    const t = await devApp(db);
    try {
      const code = new URL(t.app.setupUrl!).hash.replace('#code=', '');
      const answers = await Promise.all([post(t, { ...form, code }), post(t, { ...form, siteName: 'Other', code })]);
      // The loser finds the code used (401) or, if it looks later, the site made (409).
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[0]).toBe(204);
      expect([401, 409]).toContain(statuses[1]);
      expect(await sites(t)).toBe(1);
    } finally {
      await t.stop();
    }
  });

  it('is closed (409 SETUP_CLOSED, no link) when the database already has a site', async () => {
    const first = await devApp(db);
    await seedSite(first);
    await first.stop();
    const t = await devApp(db, {}, first.pepper);
    try {
      expect(t.app.setupUrl).toBeNull();
      const answer = await post(t, { ...form, code: 'A'.repeat(22) });
      expect([answer.status, codeOf(answer)]).toEqual([409, 'SETUP_CLOSED']);
    } finally {
      await t.stop();
    }
  });

  it.each(['production', 'test'])('is never offered nor accepted when NODE_ENV=%s (404)', async (env) => {
    const t = await devApp(db, { NODE_ENV: env });
    try {
      expect(t.app.setupUrl).toBeNull();
      const answer = await post(t, { ...form, code: 'A'.repeat(22) });
      expect(answer.status).toBe(404);
      expect(await sites(t)).toBe(0);
    } finally {
      await t.stop();
    }
  });
});

describe('SetupCode', () => {
  it('works once, within the hour, for its own code only; a given-back code works again', () => {
    const now = 1_000_000;
    const { code, holder } = SetupCode.issue(now);
    expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(code, 'base64url')).toHaveLength(16);
    expect(holder.take(code.slice(1), now)).toBe(false);
    expect(holder.take(42, now)).toBe(false);
    expect(holder.take('x'.repeat(10_000), now)).toBe(false);
    expect(holder.take(code, now)).toBe(true);
    expect(holder.take(code, now)).toBe(false);
    holder.giveBack();
    expect(holder.take(code, now + 3_599_999)).toBe(true);
    const late = SetupCode.issue(now);
    expect(late.holder.take(late.code, now + 3_600_000)).toBe(false);
    expect(JSON.stringify(holder)).not.toContain(code);
  });
});
