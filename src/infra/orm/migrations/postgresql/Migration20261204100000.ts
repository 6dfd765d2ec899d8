import { Migration } from '@mikro-orm/migrations';

/**
 * Offline doors: the verifiers each bridge may check typed digits against (keyed by that bridge's
 * key, never the pepper), the bridges' key version and sync state, offline decisions in the event
 * log (deduplicated per site by the bridge's id for them), the site's offline policy, and
 * REPLICA_STALE among the decision reasons.
 */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "bridge_verifier" ("token_id" varchar(36) not null, "pin_id" varchar(36) not null, "site_id" varchar(36) not null, "verifier" varchar(64) not null, "created_at" timestamptz not null, constraint "bridge_verifier_pkey" primary key ("token_id", "pin_id"));`);
    this.addSql(`create index "bridge_verifier_pin_id_index" on "bridge_verifier" ("pin_id");`);
    this.addSql(`alter table "bridge_verifier" add constraint "bridge_verifier_token_id_foreign" foreign key ("token_id") references "access_token" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "bridge_verifier" add constraint "bridge_verifier_pin_id_foreign" foreign key ("pin_id") references "pin" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "access_token" add column "bridge_key_version" int null, add column "bridge_key_issued_at" timestamptz null, add column "last_synced_at" timestamptz null, add column "replica_cursor" int null, add column "replica_size" int null;`);
    this.addSql(`alter table "pin_event" add column "offline" boolean not null default false, add column "offline_id" varchar(36) null;`);
    this.addSql(`create unique index "pin_event_site_id_offline_id_unique" on "pin_event" ("site_id", "offline_id");`);
    this.addSql(`alter table "site" add column "offline_grace_hours" int not null default 72, add column "offline_max_failed_attempts" int not null default 3, add column "offline_lockout_seconds" int not null default 60;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "site" drop column "offline_grace_hours", drop column "offline_max_failed_attempts", drop column "offline_lockout_seconds";`);
    this.addSql(`drop index if exists "pin_event_site_id_offline_id_unique";`);
    this.addSql(`alter table "pin_event" drop column "offline", drop column "offline_id";`);
    this.addSql(`alter table "access_token" drop column "bridge_key_version", drop column "bridge_key_issued_at", drop column "last_synced_at", drop column "replica_cursor", drop column "replica_size";`);
    this.addSql(`drop table if exists "bridge_verifier";`);
  }
}
