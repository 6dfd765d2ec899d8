import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { serializeError } from '../../src/infra/logger';
import { databaseErrorSummary } from '../../src/infra/orm/database-error';
import { AccessToken, PrincipalKind } from '../../src/modules/token/token.entity';
import { hashToken } from '../../src/modules/token/token.service';
import { formatError } from '../../src/server/errors';
import { createTestDatabase, type Dialect, type TestDatabase } from '../support/databases';
import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { capturedLogger } from '../support/log.capture';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';

const available: Record<Dialect, () => Promise<boolean>> = {
  sqlite: async () => true,
  postgresql: () => serviceAnswers('PostgreSQL', PG_ADMIN_URL),
};

describe.each(['sqlite', 'postgresql'] as const)('database errors on %s', (dialect) => {
  let ok = false;
  let db: TestDatabase;
  let t: TestApp;
  let s: SeededSite;

  beforeAll(async () => {
    ok = await available[dialect]();
    if (!ok) return;
    db = await createTestDatabase(dialect);
    // Development: the mode that shows unknown errors' messages, which a database error's must not be.
    t = await startTestApp(db, { NODE_ENV: 'development' });
    s = await seedSite(t);
  });

  afterAll(async () => {
    if (!ok) return;
    await t.stop();
    await db.drop();
  });

  /** A real unique violation from the driver, through MikroORM, whose bound value is `secret`. */
  async function uniqueViolation(secret: string): Promise<unknown> {
    const em = t.app.core.db.fork();
    const row = { tokenHash: secret, kind: PrincipalKind.BRIDGE, site: s.siteId, createdAt: new Date() };
    await em.insert(AccessToken, { ...row, id: randomBytes(8).toString('hex') });
    return em.insert(AccessToken, { ...row, id: randomBytes(8).toString('hex') }).then(
      () => {
        throw new Error('the second insert was accepted');
      },
      (err: unknown) => err,
    );
  }

  it('are logged by type, code, table and constraint only, never with the values bound', async () => {
    if (!ok) return;
    const secret = randomBytes(32).toString('hex');
    const err = await uniqueViolation(secret);
    // The driver's own text does carry the value: that is what must not get out.
    expect(`${(err as Error).message}\n${JSON.stringify(err)}`).toContain(secret);

    const summary = serializeError(err);
    expect(summary).toEqual({
      type: 'UniqueConstraintViolationException',
      errorCode: dialect === 'postgresql' ? '23505' : expect.stringMatching(/^SQLITE_CONSTRAINT/),
      table: 'access_token',
      constraint: dialect === 'postgresql' ? expect.stringContaining('token_hash') : null,
    });

    const { logger, lines } = capturedLogger();
    logger.error({ err }, 'operation failed');
    logger.error({ err: new Error('flush failed', { cause: err }) }, 'wrapped');
    logger.error(err as Error);
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).not.toContain(secret);
    for (const line of lines) expect(JSON.parse(line).err).toMatchObject({ type: 'UniqueConstraintViolationException', table: 'access_token' });
  });

  it('answer INTERNAL_SERVER_ERROR with a generic message, even in development', async () => {
    if (!ok) return;
    const secret = randomBytes(32).toString('hex');
    const err = await uniqueViolation(secret);
    const error = new GraphQLError((err as Error).message, { path: ['createBridgeToken'], originalError: err as Error });
    const out = formatError({ message: error.message, path: ['createBridgeToken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error, true);
    expect(out).toEqual({ message: 'Internal server error', path: ['createBridgeToken'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(databaseErrorSummary(new Error('plain'))).toBeNull();
  });

  it('reach neither the answer nor the log over HTTP: a token look-up on a missing table', async () => {
    if (!ok) return;
    const token = `pgt_${randomBytes(24).toString('base64url')}`;
    const hash = hashToken(token);
    const em = t.app.core.db.fork();
    await em.execute('alter table access_token rename to access_token_away');
    const from = t.logLines.length;
    let raw: string;
    let status: number;
    try {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      status = res.status;
      raw = await res.text();
    } finally {
      await em.execute('alter table access_token_away rename to access_token');
    }
    expect([status, JSON.parse(raw)]).toEqual([500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }]);
    const logs = t.logLines.slice(from);
    for (const text of [raw, logs.join('\n')]) {
      expect(text).not.toContain(hash);
      expect(text).not.toContain(token);
    }
    const logged = logs.map((l) => JSON.parse(l)).filter((l) => l.err);
    expect(logged).toEqual([expect.objectContaining({ err: expect.objectContaining({ table: 'access_token', errorCode: expect.any(String) }) })]);
  });
});
