import type { AccessReason, BridgeKeyQuery, BridgeReplicaQuery } from '../gql/graphql';

export type ReplicaPage = BridgeReplicaQuery['bridgeReplica'];
export type ReplicaPolicy = ReplicaPage['policy'];
export type ReplicaLock = ReplicaPage['locks'][number];
export type ReplicaEntry = ReplicaPage['entries'][number];
export type ReplicaPermission = ReplicaEntry['permissions'][number];
export type ReplicaPin = ReplicaEntry['pins'][number];
export type BridgeKey = BridgeKeyQuery['bridgeKey'];

/** What the bridge decides with while the API is unreachable (kept sealed in the data dir). */
export interface Replica {
  /** The bridge's key (K_b) and site, from `bridgeKey`; null before the first fetch. */
  key: BridgeKey | null;
  /** The cursor of the last complete change set; null before the first. */
  cursor: string | null;
  /** When (epoch ms, the bridge's clock) the last change set was complete. */
  syncedAt: number | null;
  policy: ReplicaPolicy | null;
  locks: ReplicaLock[];
  /** By user id. */
  entries: Record<string, ReplicaEntry>;
}

export const emptyReplica = (key: BridgeKey | null = null): Replica => ({ key, cursor: null, syncedAt: null, policy: null, locks: [], entries: {} });

/** Applies one page of a change set: policy and locks in full, entries wholesale, removals. */
export function applyPage(replica: Replica, page: ReplicaPage): Replica {
  const entries = { ...replica.entries };
  for (const entry of page.entries) entries[entry.userId] = entry;
  for (const userId of page.removedUserIds) delete entries[userId];
  return { ...replica, policy: page.policy, locks: page.locks, entries };
}

/** Offline answers: the API's reasons and the bridge's own REPLICA_STALE. */
export type OfflineReason = AccessReason;
