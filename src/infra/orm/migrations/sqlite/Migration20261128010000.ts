import { Migration } from '@mikro-orm/migrations';

/** Lockout counters in the database: the fallback of DESIGN.md rule 10 while Redis is down. */
export class Migration20261128010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`lockout_state\` (\`id\` text not null, \`state\` text not null, \`updated_at\` integer not null, primary key (\`id\`));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`lockout_state\`;`);
  }
}
