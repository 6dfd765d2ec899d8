import { Migration } from '@mikro-orm/migrations';

/** The initial schema: every table, plus the partial unique indexes of DESIGN.md rules 3 and 5. */
export class Migration20261128000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pin_event" ("id" varchar(36) not null, "site_id" varchar(36) not null, "seq" int not null, "type" text check ("type" in ('PIN_ASSIGNED', 'PIN_REASSIGNED', 'PIN_BLOCKED', 'PIN_UNBLOCKED', 'ACCESS_GRANTED', 'ACCESS_DENIED', 'LOCKOUT_STARTED', 'PERMISSION_GRANTED', 'PERMISSION_REVOKED', 'POLICY_UPDATED', 'USER_DELETED')) not null, "user_id" varchar(36) null, "pin_id" varchar(36) null, "lock_id" varchar(36) null, "reason" varchar(32) null, "at" timestamptz not null, constraint "pin_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "pin_event" add constraint "pin_event_site_id_seq_unique" unique ("site_id", "seq");`);
    this.addSql(`create table "custom_pin_refusal" ("id" varchar(36) not null, "user_id" varchar(36) not null, "at" timestamptz not null, constraint "custom_pin_refusal_pkey" primary key ("id"));`);
    this.addSql(`create index "custom_pin_refusal_user_id_at_index" on "custom_pin_refusal" ("user_id", "at");`);
    this.addSql(`create table "site" ("id" varchar(36) not null, "name" varchar(200) not null, "plan" text check ("plan" in ('STANDARD', 'PRO')) not null, "timezone" varchar(64) not null, "auto_pin_length" int not null default 6, "custom_pins_enabled" boolean not null default false, "max_failed_attempts" int not null default 5, "lockout_seconds" int not null default 60, "site_failure_budget" int not null default 20, "pin_reuse_quarantine_days" int not null default 365, "event_seq" int not null default 0, "created_at" timestamptz not null, constraint "site_pkey" primary key ("id"));`);
    this.addSql(`create table "door_lock" ("id" varchar(36) not null, "site_id" varchar(36) not null, "name" varchar(200) not null, "pin_enabled" boolean not null default true, "created_at" timestamptz not null, constraint "door_lock_pkey" primary key ("id"));`);
    this.addSql(`create index "door_lock_site_id_index" on "door_lock" ("site_id");`);
    this.addSql(`create table "app_user" ("id" varchar(36) not null, "site_id" varchar(36) not null, "name" varchar(200) not null, "email" varchar(320) null, "slack_user_id" varchar(64) null, "role" text check ("role" in ('ADMIN', 'USER')) not null default 'USER', "created_at" timestamptz not null, "deleted_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`create index "app_user_site_id_index" on "app_user" ("site_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_site_id_slack_user_id_unique" unique ("site_id", "slack_user_id");`);
    this.addSql(`create table "pin" ("id" varchar(36) not null, "site_id" varchar(36) not null, "user_id" varchar(36) not null, "kind" text check ("kind" in ('AUTO', 'CUSTOM')) not null, "status" text check ("status" in ('ACTIVE', 'BLOCKED', 'REPLACED')) not null default 'ACTIVE', "digest" varchar(64) not null, "key_version" int not null, "length" int not null, "created_at" timestamptz not null, "created_by" varchar(36) null, "blocked_at" timestamptz null, "blocked_by" varchar(36) null, "retired_at" timestamptz null, constraint "pin_pkey" primary key ("id"));`);
    this.addSql(`create index "pin_user_id_kind_index" on "pin" ("user_id", "kind");`);
    this.addSql(`create index "pin_site_id_digest_index" on "pin" ("site_id", "digest");`);
    this.addSql(`create table "permission" ("id" varchar(36) not null, "user_id" varchar(36) not null, "lock_id" varchar(36) not null, "schedule_days" varchar(40) null, "schedule_start" varchar(5) null, "schedule_end" varchar(5) null, "valid_from" timestamptz null, "valid_until" timestamptz null, "created_at" timestamptz not null, constraint "permission_pkey" primary key ("id"));`);
    this.addSql(`create index "permission_lock_id_index" on "permission" ("lock_id");`);
    this.addSql(`create index "permission_user_id_lock_id_index" on "permission" ("user_id", "lock_id");`);
    this.addSql(`create table "access_token" ("id" varchar(36) not null, "token_hash" varchar(64) not null, "kind" text check ("kind" in ('USER', 'BRIDGE', 'SERVICE')) not null, "site_id" varchar(36) not null, "user_id" varchar(36) null, "name" varchar(200) null, "lock_ids" text null, "created_by" varchar(36) null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "access_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "access_token" add constraint "access_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "access_token_site_id_index" on "access_token" ("site_id");`);
    this.addSql(`alter table "door_lock" add constraint "door_lock_site_id_foreign" foreign key ("site_id") references "site" ("id") on update cascade;`);
    this.addSql(`alter table "app_user" add constraint "app_user_site_id_foreign" foreign key ("site_id") references "site" ("id") on update cascade;`);
    this.addSql(`alter table "pin" add constraint "pin_site_id_foreign" foreign key ("site_id") references "site" ("id") on update cascade;`);
    this.addSql(`alter table "pin" add constraint "pin_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "permission" add constraint "permission_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "permission" add constraint "permission_lock_id_foreign" foreign key ("lock_id") references "door_lock" ("id") on update cascade;`);
    this.addSql(`alter table "access_token" add constraint "access_token_site_id_foreign" foreign key ("site_id") references "site" ("id") on update cascade;`);
    this.addSql(`alter table "access_token" add constraint "access_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`create unique index "pin_site_digest_live_unique" on "pin" ("site_id", "digest") where "status" in ('ACTIVE', 'BLOCKED');`);
    this.addSql(`create unique index "pin_user_kind_active_unique" on "pin" ("user_id", "kind") where "status" = 'ACTIVE';`);
    this.addSql(`create index "pin_site_status_length_index" on "pin" ("site_id", "status", "length");`);
    this.addSql(`create table "cache_epoch" ("id" integer not null, "epoch" integer not null default 0, primary key ("id"));`);
    this.addSql(`insert into "cache_epoch" ("id", "epoch") values (1, 0);`);
  }
}
