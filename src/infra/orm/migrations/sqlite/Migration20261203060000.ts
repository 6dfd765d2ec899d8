import { Migration } from '@mikro-orm/migrations';

/**
 * The daily lockout stages (DESIGN.md rule 10): the site's daily failure budget, after which it is
 * hardened, and the lockdown budget beyond it, after which every keypad refuses PINs.
 */
export class Migration20261203060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`site\` add column \`daily_failure_budget\` integer not null default 50;`);
    this.addSql(`alter table \`site\` add column \`site_lockdown_budget\` integer not null default 50;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`site\` drop column \`daily_failure_budget\`;`);
    this.addSql(`alter table \`site\` drop column \`site_lockdown_budget\`;`);
  }
}
