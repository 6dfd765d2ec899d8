import type { EntityManager } from '@mikro-orm/knex';
import { DomainError, ErrorCode } from '../../shared/errors';

/**
 * The retention floor of a site: the highest seq retention has deleted (0 when none). Events after
 * a cursor below it are partly gone, so a replay from there would silently miss some.
 */
export async function eventFloorOf(em: EntityManager, siteId: string): Promise<number> {
  const row = (await em.execute('select floor_seq from event_floor where site_id = ?', [siteId], 'get')) as { floor_seq: number | string } | undefined;
  return row ? Number(row.floor_seq) : 0;
}

export const cursorExpired = (): DomainError =>
  new DomainError(
    ErrorCode.CURSOR_EXPIRED,
    'The events after this cursor are past the retention period and were deleted: drop the cursor and subscribe again without `after` to follow from now',
    { field: 'after' },
  );

/** Throws CURSOR_EXPIRED when events after `cursor` were deleted by retention. */
export async function assertCursorRetained(em: EntityManager, siteId: string, cursor: number): Promise<void> {
  if (cursor < (await eventFloorOf(em, siteId))) throw cursorExpired();
}
