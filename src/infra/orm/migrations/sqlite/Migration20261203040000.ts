import { Migration } from '@mikro-orm/migrations';

/**
 * Event queries at scale and retention. A lock-scoped bridge lists the events of its locks by
 * `(site_id, lock_id, seq)` instead of scanning the site's log, and a lock's replay the events of no
 * lock (its users' PIN changes) by a partial `(site_id, seq)` index in seq order (`lock_id is null`
 * is no equality to the planner, so the first index would need a sort); retention finds old events by
 * `at`; `event_floor` keeps, per site, the highest seq retention deleted, so a cursor below it is
 * told CURSOR_EXPIRED instead of silently missing events. (`site_id, seq` is already indexed by
 * its unique index.)
 */
export class Migration20261203040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index `pin_event_site_id_lock_id_seq_index` on `pin_event` (`site_id`, `lock_id`, `seq`);');
    this.addSql('create index `pin_event_site_id_seq_no_lock_index` on `pin_event` (`site_id`, `seq`) where `lock_id` is null;');
    this.addSql('create index `pin_event_at_index` on `pin_event` (`at`);');
    this.addSql('create table `event_floor` (`site_id` text not null, `floor_seq` integer not null, primary key (`site_id`));');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `event_floor`;');
    this.addSql('drop index if exists `pin_event_at_index`;');
    this.addSql('drop index if exists `pin_event_site_id_seq_no_lock_index`;');
    this.addSql('drop index if exists `pin_event_site_id_lock_id_seq_index`;');
  }
}
