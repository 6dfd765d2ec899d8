import { Migration } from '@mikro-orm/migrations';

/**
 * Pepper key checks (DESIGN.md rule 2): per key version, an HMAC of a fixed label under that
 * version's pepper, never the pepper. A node configured with another secret for a known version
 * refuses to start instead of denying every PIN stored under it.
 */
export class Migration20261203050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pepper_key_check" ("version" int not null, "check_digest" varchar(64) not null, "created_at" timestamptz not null, constraint "pepper_key_check_pkey" primary key ("version"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pepper_key_check";`);
  }
}
