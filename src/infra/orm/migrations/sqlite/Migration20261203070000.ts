import { Migration } from '@mikro-orm/migrations';

/**
 * Guessing risk (DESIGN.md rules 6, 14): the site's `riskTarget` and `customPinMinLength` (null: 6 at a target of 0.01 or tighter, else 4), and ACTIVE PINs counted per
 * (site, length), kept in the transactions that change a PIN's status, filled here from the pins.
 */
export class Migration20261203070000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`site\` add column \`risk_target\` real not null default 0.01;`);
    this.addSql(`alter table \`site\` add column \`custom_pin_min_length\` integer null;`);
    this.addSql(`create table \`pin_length_count\` (\`site_id\` text not null, \`length\` integer not null, \`active\` integer not null default 0, constraint \`pin_length_count_site_id_foreign\` foreign key(\`site_id\`) references \`site\`(\`id\`) on update cascade, primary key (\`site_id\`, \`length\`));`);
    this.addSql(`insert into \`pin_length_count\` (\`site_id\`, \`length\`, \`active\`) select \`site_id\`, \`length\`, count(*) from \`pin\` where \`status\` = 'ACTIVE' group by \`site_id\`, \`length\`;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`pin_length_count\`;`);
    this.addSql(`alter table \`site\` drop column \`custom_pin_min_length\`;`);
    this.addSql(`alter table \`site\` drop column \`risk_target\`;`);
  }
}
