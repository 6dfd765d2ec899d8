import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000 as PgInitial } from './postgresql/Migration20261128000000';
import { Migration20261128010000 as PgLockout } from './postgresql/Migration20261128010000';
import { Migration20261202000000 as PgEventColumns } from './postgresql/Migration20261202000000';
import { Migration20261202300000 as PgLimitedAttempts } from './postgresql/Migration20261202300000';
import { Migration20261203010000 as PgCredentialsVersion } from './postgresql/Migration20261203010000';
import { Migration20261203020000 as PgSignInLinks } from './postgresql/Migration20261203020000';
import { Migration20261203030000 as PgLockoutGeneration } from './postgresql/Migration20261203030000';
import { Migration20261203040000 as PgEventIndexes } from './postgresql/Migration20261203040000';
import { Migration20261203050000 as PgPepperKeyChecks } from './postgresql/Migration20261203050000';
import { Migration20261203060000 as PgLockoutStages } from './postgresql/Migration20261203060000';
import { Migration20261203070000 as PgGuessingRisk } from './postgresql/Migration20261203070000';
import { Migration20261204100000 as PgOfflineBridges } from './postgresql/Migration20261204100000';
import { Migration20261128000000 as SqliteInitial } from './sqlite/Migration20261128000000';
import { Migration20261128010000 as SqliteLockout } from './sqlite/Migration20261128010000';
import { Migration20261202000000 as SqliteEventColumns } from './sqlite/Migration20261202000000';
import { Migration20261202300000 as SqliteLimitedAttempts } from './sqlite/Migration20261202300000';
import { Migration20261203010000 as SqliteCredentialsVersion } from './sqlite/Migration20261203010000';
import { Migration20261203020000 as SqliteSignInLinks } from './sqlite/Migration20261203020000';
import { Migration20261203030000 as SqliteLockoutGeneration } from './sqlite/Migration20261203030000';
import { Migration20261203040000 as SqliteEventIndexes } from './sqlite/Migration20261203040000';
import { Migration20261203050000 as SqlitePepperKeyChecks } from './sqlite/Migration20261203050000';
import { Migration20261203060000 as SqliteLockoutStages } from './sqlite/Migration20261203060000';
import { Migration20261203070000 as SqliteGuessingRisk } from './sqlite/Migration20261203070000';
import { Migration20261204100000 as SqliteOfflineBridges } from './sqlite/Migration20261204100000';

/** Migrations are listed here, not discovered on disk, so ts-jest and the compiled build run the same set. */
export function migrationsFor(dialect: 'postgresql' | 'sqlite'): MigrationObject[] {
  return dialect === 'postgresql'
    ? [
        { name: 'Migration20261128000000', class: PgInitial },
        { name: 'Migration20261128010000', class: PgLockout },
        { name: 'Migration20261202000000', class: PgEventColumns },
        { name: 'Migration20261202300000', class: PgLimitedAttempts },
        { name: 'Migration20261203010000', class: PgCredentialsVersion },
        { name: 'Migration20261203020000', class: PgSignInLinks },
        { name: 'Migration20261203030000', class: PgLockoutGeneration },
        { name: 'Migration20261203040000', class: PgEventIndexes },
        { name: 'Migration20261203050000', class: PgPepperKeyChecks },
        { name: 'Migration20261203060000', class: PgLockoutStages },
        { name: 'Migration20261203070000', class: PgGuessingRisk },
        { name: 'Migration20261204100000', class: PgOfflineBridges },
      ]
    : [
        { name: 'Migration20261128000000', class: SqliteInitial },
        { name: 'Migration20261128010000', class: SqliteLockout },
        { name: 'Migration20261202000000', class: SqliteEventColumns },
        { name: 'Migration20261202300000', class: SqliteLimitedAttempts },
        { name: 'Migration20261203010000', class: SqliteCredentialsVersion },
        { name: 'Migration20261203020000', class: SqliteSignInLinks },
        { name: 'Migration20261203030000', class: SqliteLockoutGeneration },
        { name: 'Migration20261203040000', class: SqliteEventIndexes },
        { name: 'Migration20261203050000', class: SqlitePepperKeyChecks },
        { name: 'Migration20261203060000', class: SqliteLockoutStages },
        { name: 'Migration20261203070000', class: SqliteGuessingRisk },
        { name: 'Migration20261204100000', class: SqliteOfflineBridges },
      ];
}
