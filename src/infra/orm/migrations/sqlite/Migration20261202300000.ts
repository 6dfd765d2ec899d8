import { Migration } from '@mikro-orm/migrations';

/**
 * Attempt limits in the database (AttemptLimiter: custom-PIN refusals, DESIGN.md rule 7): one row
 * per reservation in flight or counted attempt. It replaces `custom_pin_refusal`, whose rows were
 * written only after the fact; nothing needs them.
 */
export class Migration20261202300000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`limited_attempt\` (\`id\` text not null, \`limit_key\` text not null, \`counted\` integer not null, \`expires_at\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`limited_attempt_limit_key_expires_at_index\` on \`limited_attempt\` (\`limit_key\`, \`expires_at\`);`);
    this.addSql(`create index \`limited_attempt_expires_at_index\` on \`limited_attempt\` (\`expires_at\`);`);
    this.addSql(`drop table if exists \`custom_pin_refusal\`;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table \`custom_pin_refusal\` (\`id\` text not null, \`user_id\` text not null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`custom_pin_refusal_user_id_at_index\` on \`custom_pin_refusal\` (\`user_id\`, \`at\`);`);
    this.addSql(`drop table if exists \`limited_attempt\`;`);
  }
}
