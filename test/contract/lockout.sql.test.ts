import { SqlLockoutCounters } from '../../src/infra/orm/lockout.sql';
import { lockoutContract } from './lockout.contract';
import { describePostgres, openSqlite, openThrowawayPostgres } from '../support/orm.support';

lockoutContract('SqlLockoutCounters on SQLite', async (clock) => {
  const db = await openSqlite();
  return { counters: new SqlLockoutCounters({ em: db.em, now: clock.now }), close: db.close };
});

describePostgres('SqlLockoutCounters on PostgreSQL', () => {
  lockoutContract('SqlLockoutCounters on PostgreSQL', async (clock) => {
    const db = await openThrowawayPostgres();
    return { counters: new SqlLockoutCounters({ em: db.em, now: clock.now }), close: db.close };
  });
});
