import { Migration } from '@mikro-orm/migrations';

/** The initial schema: every table, plus the partial unique indexes of DESIGN.md rules 3 and 5. */
export class Migration20261128000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`pin_event\` (\`id\` text not null, \`site_id\` text not null, \`seq\` integer not null, \`type\` text check (\`type\` in ('PIN_ASSIGNED', 'PIN_REASSIGNED', 'PIN_BLOCKED', 'PIN_UNBLOCKED', 'ACCESS_GRANTED', 'ACCESS_DENIED', 'LOCKOUT_STARTED', 'PERMISSION_GRANTED', 'PERMISSION_REVOKED', 'POLICY_UPDATED', 'USER_DELETED')) not null, \`user_id\` text null, \`pin_id\` text null, \`lock_id\` text null, \`reason\` text null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`pin_event_site_id_seq_unique\` on \`pin_event\` (\`site_id\`, \`seq\`);`);
    this.addSql(`create table \`custom_pin_refusal\` (\`id\` text not null, \`user_id\` text not null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`custom_pin_refusal_user_id_at_index\` on \`custom_pin_refusal\` (\`user_id\`, \`at\`);`);
    this.addSql(`create table \`site\` (\`id\` text not null, \`name\` text not null, \`plan\` text check (\`plan\` in ('STANDARD', 'PRO')) not null, \`timezone\` text not null, \`auto_pin_length\` integer not null default 6, \`custom_pins_enabled\` integer not null default false, \`max_failed_attempts\` integer not null default 5, \`lockout_seconds\` integer not null default 60, \`site_failure_budget\` integer not null default 20, \`pin_reuse_quarantine_days\` integer not null default 365, \`event_seq\` integer not null default 0, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create table \`door_lock\` (\`id\` text not null, \`site_id\` text not null, \`name\` text not null, \`pin_enabled\` integer not null default true, \`created_at\` datetime not null, constraint \`door_lock_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`door_lock_site_id_index\` on \`door_lock\` (\`site_id\`);`);
    this.addSql(`create table \`app_user\` (\`id\` text not null, \`site_id\` text not null, \`name\` text not null, \`email\` text null, \`slack_user_id\` text null, \`role\` text check (\`role\` in ('ADMIN', 'USER')) not null default 'USER', \`created_at\` datetime not null, \`deleted_at\` datetime null, constraint \`app_user_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`app_user_site_id_index\` on \`app_user\` (\`site_id\`);`);
    this.addSql(`create unique index \`app_user_site_id_slack_user_id_unique\` on \`app_user\` (\`site_id\`, \`slack_user_id\`);`);
    this.addSql(`create table \`pin\` (\`id\` text not null, \`site_id\` text not null, \`user_id\` text not null, \`kind\` text check (\`kind\` in ('AUTO', 'CUSTOM')) not null, \`status\` text check (\`status\` in ('ACTIVE', 'BLOCKED', 'REPLACED')) not null default 'ACTIVE', \`digest\` text not null, \`key_version\` integer not null, \`length\` integer not null, \`created_at\` datetime not null, \`created_by\` text null, \`blocked_at\` datetime null, \`blocked_by\` text null, \`retired_at\` datetime null, constraint \`pin_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, constraint \`pin_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`pin_site_id_index\` on \`pin\` (\`site_id\`);`);
    this.addSql(`create index \`pin_user_id_index\` on \`pin\` (\`user_id\`);`);
    this.addSql(`create index \`pin_user_id_kind_index\` on \`pin\` (\`user_id\`, \`kind\`);`);
    this.addSql(`create index \`pin_site_id_digest_index\` on \`pin\` (\`site_id\`, \`digest\`);`);
    this.addSql(`create table \`permission\` (\`id\` text not null, \`user_id\` text not null, \`lock_id\` text not null, \`schedule_days\` text null, \`schedule_start\` text null, \`schedule_end\` text null, \`valid_from\` datetime null, \`valid_until\` datetime null, \`created_at\` datetime not null, constraint \`permission_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade, constraint \`permission_lock_id_foreign\` foreign key(\`lock_id\`) references \`door_lock\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`permission_user_id_index\` on \`permission\` (\`user_id\`);`);
    this.addSql(`create index \`permission_lock_id_index\` on \`permission\` (\`lock_id\`);`);
    this.addSql(`create index \`permission_user_id_lock_id_index\` on \`permission\` (\`user_id\`, \`lock_id\`);`);
    this.addSql(`create table \`access_token\` (\`id\` text not null, \`token_hash\` text not null, \`kind\` text check (\`kind\` in ('USER', 'BRIDGE', 'SERVICE')) not null, \`site_id\` text not null, \`user_id\` text null, \`name\` text null, \`lock_ids\` text null, \`created_by\` text null, \`created_at\` datetime not null, \`revoked_at\` datetime null, constraint \`access_token_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, constraint \`access_token_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`access_token_token_hash_unique\` on \`access_token\` (\`token_hash\`);`);
    this.addSql(`create index \`access_token_site_id_index\` on \`access_token\` (\`site_id\`);`);
    this.addSql(`create index \`access_token_user_id_index\` on \`access_token\` (\`user_id\`);`);
    this.addSql(`create unique index \`pin_site_digest_live_unique\` on \`pin\` (\`site_id\`, \`digest\`) where \`status\` in ('ACTIVE', 'BLOCKED');`);
    this.addSql(`create unique index \`pin_user_kind_active_unique\` on \`pin\` (\`user_id\`, \`kind\`) where \`status\` = 'ACTIVE';`);
    this.addSql(`create index \`pin_site_status_length_index\` on \`pin\` (\`site_id\`, \`status\`, \`length\`);`);
    this.addSql(`create table \`cache_epoch\` (\`id\` integer not null, \`epoch\` integer not null default 0, primary key (\`id\`));`);
    this.addSql(`insert into \`cache_epoch\` (\`id\`, \`epoch\`) values (1, 0);`);
  }
}
