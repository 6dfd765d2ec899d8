import { Migration } from '@mikro-orm/migrations';

/**
 * A per-site credentials version (DESIGN.md rule 12): every change that takes credentials away
 * (a revoked token, a deleted user, a changed role) raises it in its transaction, and every node
 * trusts a principal it keeps in memory only while the shared cache still holds the version it
 * was read under.
 */
export class Migration20261203010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "site" add column "credentials_version" bigint not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "site" drop column "credentials_version";`);
  }
}
