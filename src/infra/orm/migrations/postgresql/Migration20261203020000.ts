import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in links and sessions (DESIGN.md rule 13): tokens may expire and record when they were last
 * used (to the minute); a session token names the link it was redeemed from; `sign_in_link` holds
 * one-use links by the SHA-256 of their code, never the code.
 */
export class Migration20261203020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "access_token" add column "expires_at" timestamptz null, add column "last_used_at" timestamptz null, add column "sign_in_link_id" varchar(36) null;`);
    this.addSql(`create table "sign_in_link" ("id" varchar(36) not null, "site_id" varchar(36) not null, "user_id" varchar(36) not null, "code_hash" varchar(64) not null, "created_by" varchar(36) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "session_token_id" varchar(36) null, constraint "sign_in_link_pkey" primary key ("id"));`);
    this.addSql(`alter table "sign_in_link" add constraint "sign_in_link_code_hash_unique" unique ("code_hash");`);
    this.addSql(`create index "sign_in_link_site_id_index" on "sign_in_link" ("site_id");`);
    this.addSql(`create index "sign_in_link_user_id_index" on "sign_in_link" ("user_id");`);
    this.addSql(`alter table "sign_in_link" add constraint "sign_in_link_site_id_foreign" foreign key ("site_id") references "site" ("id") on update cascade;`);
    this.addSql(`alter table "sign_in_link" add constraint "sign_in_link_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sign_in_link";`);
    this.addSql(`alter table "access_token" drop column "expires_at", drop column "last_used_at", drop column "sign_in_link_id";`);
  }
}
