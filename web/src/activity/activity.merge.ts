import type { ActivityEventFieldsFragment } from '../gql/graphql';

export type ActivityEvent = ActivityEventFieldsFragment;

/** Event ids are decimal sequence numbers, strictly increasing per site. */
export const seqOf = (id: string): number => Number(id);

/**
 * `known` (oldest first) with the events of `incoming` it does not hold yet, kept in id order: an
 * event replayed twice (a re-subscription from an older cursor, a page that overlaps the live
 * stream) is shown once.
 */
export function mergeEvents(known: readonly ActivityEvent[], incoming: readonly ActivityEvent[], shown: Set<string>): ActivityEvent[] {
  const fresh = incoming.filter((e) => !shown.has(e.id));
  if (fresh.length === 0) return known as ActivityEvent[];
  for (const e of fresh) shown.add(e.id);
  fresh.sort((a, b) => seqOf(a.id) - seqOf(b.id));
  const tail = known.at(-1);
  // The usual cases, without a sort: live events after everything, an older page before it.
  if (!tail || seqOf(fresh[0].id) > seqOf(tail.id)) return [...known, ...fresh];
  if (seqOf(fresh.at(-1)!.id) < seqOf(known[0].id)) return [...fresh, ...known];
  return [...known, ...fresh].sort((a, b) => seqOf(a.id) - seqOf(b.id));
}
