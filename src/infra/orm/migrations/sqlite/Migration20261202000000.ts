import { Migration } from '@mikro-orm/migrations';

/**
 * Event types are checked by the application (PinEventType), not by a CHECK constraint that every
 * new type would have to rewrite (SQLite drops one only by rebuilding the table); events name who
 * did them (`actor_id`) and the other object they are about (`ref_id`, e.g. a sign-in link).
 */
export class Migration20261202000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `pin_event_next` (`id` text not null, `site_id` text not null, `seq` integer not null, `type` text not null, ' +
        '`user_id` text null, `pin_id` text null, `lock_id` text null, `reason` text null, `actor_id` text null, `ref_id` text null, ' +
        '`at` datetime not null, primary key (`id`));',
    );
    this.addSql(
      'insert into `pin_event_next` (`id`, `site_id`, `seq`, `type`, `user_id`, `pin_id`, `lock_id`, `reason`, `at`) ' +
        'select `id`, `site_id`, `seq`, `type`, `user_id`, `pin_id`, `lock_id`, `reason`, `at` from `pin_event`;',
    );
    this.addSql('drop table `pin_event`;');
    this.addSql('alter table `pin_event_next` rename to `pin_event`;');
    this.addSql('create unique index `pin_event_site_id_seq_unique` on `pin_event` (`site_id`, `seq`);');
  }
}
