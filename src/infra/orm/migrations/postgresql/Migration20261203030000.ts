import { Migration } from '@mikro-orm/migrations';

/**
 * The lockout generation (DESIGN.md rule 10): bumped by every failure the database counts while
 * Redis is unavailable, so each API node knows, from one cheap read a second, that Redis must
 * merge the database's lockout state before it decides again.
 */
export class Migration20261203030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "lockout_generation" ("id" integer not null, "generation" bigint not null default 0, constraint "lockout_generation_pkey" primary key ("id"));`);
    this.addSql(`insert into "lockout_generation" ("id", "generation") values (1, 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "lockout_generation";`);
  }
}
