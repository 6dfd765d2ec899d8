import { SqlAttemptLimiter } from '../../src/infra/orm/attempt-limiter.sql';
import type { ManualClock } from '../support/clock.support';
import { describePostgres, openSqlite, openThrowawayPostgres, type TestDatabase } from '../support/orm.support';
import { attemptLimiterContract, type AttemptLimiterFixture } from './attempt-limiter.contract';

const LIMITED_ATTEMPTS = ['Migration20261202300000'];

const fixture = (db: TestDatabase, clock: ManualClock): AttemptLimiterFixture => ({
  limiter: (options) => new SqlAttemptLimiter({ ...options, em: db.em, dialect: db.dialect, now: clock.now }),
  close: db.close,
});

attemptLimiterContract('SqlAttemptLimiter on SQLite', async (clock) => fixture(await openSqlite(LIMITED_ATTEMPTS), clock));

describePostgres('SqlAttemptLimiter on PostgreSQL', () => {
  attemptLimiterContract('SqlAttemptLimiter on PostgreSQL', async (clock) => fixture(await openThrowawayPostgres(LIMITED_ATTEMPTS), clock));
});
