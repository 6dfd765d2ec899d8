import { migrationsFor } from '../../src/infra/orm/migrations/migrations.list';
import { PinLengthCounts } from '../../src/modules/pin/pin-length.counts';
import { PG_ADMIN_URL, serviceAnswers } from '../support/env';
import { openSqlite, openThrowawayPostgres, type TestDatabase } from '../support/orm.support';

const NEW = 'Migration20261203070000';

/** Every migration before the one that adds the counters. */
const before = (dialect: 'sqlite' | 'postgresql'): string[] =>
  migrationsFor(dialect)
    .map((m) => m.name)
    .filter((name) => name < NEW);

async function runNewMigration(db: TestDatabase): Promise<void> {
  const entry = migrationsFor(db.dialect).find((m) => m.name === NEW);
  if (!entry) throw new Error(`${NEW} is not registered`);
  const MigrationClass = entry.class as unknown as new (driver: unknown, config: unknown) => { up(): Promise<void> | void; getQueries(): unknown[] };
  const migration = new MigrationClass(db.em.getDriver(), db.em.config);
  await migration.up();
  for (const sql of migration.getQueries()) await db.em.fork().execute(String(sql));
}

async function seedPins(db: TestDatabase): Promise<void> {
  const em = db.em.fork();
  const now = new Date().toISOString();
  await em.execute(`insert into site (id, name, plan, timezone, created_at) values ('s1', 'One', 'PRO', 'UTC', ?), ('s2', 'Two', 'PRO', 'UTC', ?)`, [now, now]);
  const pins: Array<[string, string, number, string]> = [
    ['s1', 'ACTIVE', 6, 'AUTO'],
    ['s1', 'ACTIVE', 6, 'AUTO'],
    ['s1', 'ACTIVE', 7, 'AUTO'],
    ['s1', 'BLOCKED', 7, 'AUTO'],
    ['s1', 'REPLACED', 8, 'AUTO'],
    ['s2', 'ACTIVE', 4, 'AUTO'],
  ];
  let i = 0;
  for (const [site, status, length, kind] of pins) {
    i++;
    await em.execute(`insert into app_user (id, site_id, name, role, created_at) values (?, ?, 'U', 'USER', ?)`, [`u${i}`, site, now]);
    await em.execute(
      `insert into pin (id, site_id, user_id, kind, status, digest, key_version, length, created_at) values (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      [`p${i}`, site, `u${i}`, kind, status, String(i).padStart(64, '0'), length, now],
    );
  }
}

describe.each([
  ['sqlite', () => Promise.resolve(true), () => openSqlite(before('sqlite'))],
  ['postgresql', () => serviceAnswers('PostgreSQL', PG_ADMIN_URL), () => openThrowawayPostgres(before('postgresql'))],
] as const)('the pin_length_count migration on %s', (_dialect, available, open) => {
  it('fills the counters from the ACTIVE PINs already there, per site and length', async () => {
    if (!(await available())) return;
    const db = await open();
    try {
      await seedPins(db);
      await runNewMigration(db);
      expect(Object.fromEntries(await PinLengthCounts.read(db.em.fork(), 's1'))).toEqual({ 6: 2, 7: 1 });
      expect(Object.fromEntries(await PinLengthCounts.read(db.em.fork(), 's2'))).toEqual({ 4: 1 });
      const [site] = (await db.em.fork().execute(`select risk_target from site where id = 's1'`)) as Array<{ risk_target: number | string }>;
      expect(Number(site.risk_target)).toBe(0.01);
    } finally {
      await db.close();
    }
  });
});
