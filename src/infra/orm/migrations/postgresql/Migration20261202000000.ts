import { Migration } from '@mikro-orm/migrations';

/**
 * Event types are checked by the application (PinEventType), not by a CHECK constraint that every
 * new type would have to rewrite; events name who did them (`actor_id`) and the other object they
 * are about (`ref_id`, e.g. a sign-in link).
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "pin_event" drop constraint if exists "pin_event_type_check";`);
    this.addSql(`alter table "pin_event" add column "actor_id" varchar(36) null, add column "ref_id" varchar(36) null;`);
  }
}
