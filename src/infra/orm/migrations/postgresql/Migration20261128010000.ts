import { Migration } from '@mikro-orm/migrations';

/** Lockout counters in the database: the fallback of DESIGN.md rule 10 while Redis is down. */
export class Migration20261128010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "lockout_state" ("id" varchar(200) not null, "state" text not null, "updated_at" bigint not null, constraint "lockout_state_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lockout_state";`);
  }
}
