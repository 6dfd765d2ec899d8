import { Migration } from '@mikro-orm/migrations';

/**
 * Offline doors: the verifiers each bridge may check typed digits against (keyed by that bridge's
 * key, never the pepper), the bridges' key version and sync state, offline decisions in the event
 * log (deduplicated per site by the bridge's id for them), the site's offline policy, and
 * REPLICA_STALE among the decision reasons.
 */
export class Migration20261204100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`bridge_verifier\` (\`token_id\` text not null, \`pin_id\` text not null, \`site_id\` text not null, \`verifier\` text not null, \`created_at\` datetime not null, constraint \`bridge_verifier_token_id_foreign\` foreign key(\`token_id\`) references \`access_token\`(\`id\`) on delete cascade on update cascade, constraint \`bridge_verifier_pin_id_foreign\` foreign key(\`pin_id\`) references \`pin\`(\`id\`) on delete cascade on update cascade, primary key (\`token_id\`, \`pin_id\`));`);
    this.addSql(`create index \`bridge_verifier_pin_id_index\` on \`bridge_verifier\` (\`pin_id\`);`);
    for (const column of ['`bridge_key_version` integer null', '`bridge_key_issued_at` datetime null', '`last_synced_at` datetime null', '`replica_cursor` integer null', '`replica_size` integer null']) {
      this.addSql(`alter table \`access_token\` add column ${column};`);
    }
    this.addSql(`alter table \`pin_event\` add column \`offline\` integer not null default false;`);
    this.addSql(`alter table \`pin_event\` add column \`offline_id\` text null;`);
    this.addSql(`create unique index \`pin_event_site_id_offline_id_unique\` on \`pin_event\` (\`site_id\`, \`offline_id\`);`);
    this.addSql(`alter table \`site\` add column \`offline_grace_hours\` integer not null default 72;`);
    this.addSql(`alter table \`site\` add column \`offline_max_failed_attempts\` integer not null default 3;`);
    this.addSql(`alter table \`site\` add column \`offline_lockout_seconds\` integer not null default 60;`);
  }

  override async down(): Promise<void> {
    for (const column of ['offline_grace_hours', 'offline_max_failed_attempts', 'offline_lockout_seconds']) this.addSql(`alter table \`site\` drop column \`${column}\`;`);
    this.addSql(`drop index if exists \`pin_event_site_id_offline_id_unique\`;`);
    this.addSql(`alter table \`pin_event\` drop column \`offline_id\`;`);
    this.addSql(`alter table \`pin_event\` drop column \`offline\`;`);
    for (const column of ['bridge_key_version', 'bridge_key_issued_at', 'last_synced_at', 'replica_cursor', 'replica_size']) this.addSql(`alter table \`access_token\` drop column \`${column}\`;`);
    this.addSql(`drop table if exists \`bridge_verifier\`;`);
  }
}
