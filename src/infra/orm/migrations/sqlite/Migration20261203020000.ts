import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in links and sessions (DESIGN.md rule 13): tokens may expire and record when they were last
 * used (to the minute); a session token names the link it was redeemed from; `sign_in_link` holds
 * one-use links by the SHA-256 of their code, never the code.
 */
export class Migration20261203020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`access_token\` add column \`expires_at\` datetime null;`);
    this.addSql(`alter table \`access_token\` add column \`last_used_at\` datetime null;`);
    this.addSql(`alter table \`access_token\` add column \`sign_in_link_id\` text null;`);
    this.addSql(`create table \`sign_in_link\` (\`id\` text not null, \`site_id\` text not null, \`user_id\` text not null, \`code_hash\` text not null, \`created_by\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`session_token_id\` text null, constraint \`sign_in_link_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, constraint \`sign_in_link_user_id_foreign\` foreign key(\`user_id\`) references \`app_user\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`sign_in_link_code_hash_unique\` on \`sign_in_link\` (\`code_hash\`);`);
    this.addSql(`create index \`sign_in_link_site_id_index\` on \`sign_in_link\` (\`site_id\`);`);
    this.addSql(`create index \`sign_in_link_user_id_index\` on \`sign_in_link\` (\`user_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`sign_in_link\`;`);
    this.addSql(`alter table \`access_token\` drop column \`sign_in_link_id\`;`);
    this.addSql(`alter table \`access_token\` drop column \`last_used_at\`;`);
    this.addSql(`alter table \`access_token\` drop column \`expires_at\`;`);
  }
}
