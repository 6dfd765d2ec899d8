import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PinKind, PinStatus } from '../graphql/enums.type';
import { ScheduleType } from '../access/permission.type';

@ObjectType('BridgeKey', { description: "The calling bridge's key for offline decisions: verifiers are HMAC-SHA-256 under it. Keep it as secret as the token." })
export class BridgeKeyType {
  @Field(() => ID, { description: 'The bridge token the key belongs to.' }) tokenId!: string;
  @Field(() => ID) siteId!: string;
  @Field(() => String, { description: 'The 32-byte key, base64url.' }) key!: string;
  @Field(() => Int, { description: 'The pepper version the key is derived from. When a replica page carries another, the key changed (its pepper was retired): fetch it again and sync from scratch.' })
  keyVersion!: number;
  @Field(() => [ID], { nullable: true, description: 'The locks the bridge serves; null: every lock of the site.' }) lockIds!: string[] | null;
}

@ObjectType('ReplicaPolicy', { description: 'What a bridge needs to decide offline, from the site policy.' })
export class ReplicaPolicyType {
  @Field(() => String, { description: 'IANA timezone schedules are read in.' }) timezone!: string;
  @Field(() => Int, { description: 'Failures at one door within 10 minutes that lock it out offline.' }) offlineMaxFailedAttempts!: number;
  @Field(() => Int, { description: 'First offline lockout in seconds; doubles per repeat, capped at 24 h.' }) offlineLockoutSeconds!: number;
  @Field(() => Int, { description: 'Hours after the last sync past which the bridge refuses everyone (REPLICA_STALE).' }) offlineGraceHours!: number;
}

@ObjectType('ReplicaLock')
export class ReplicaLockType {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) pinEnabled!: boolean;
}

@ObjectType('ReplicaPin')
export class ReplicaPinType {
  @Field(() => ID) id!: string;
  @Field(() => PinKind) kind!: PinKind;
  @Field(() => PinStatus) status!: PinStatus;
  @Field(() => String, {
    nullable: true,
    description: "base64url(HMAC-SHA-256(bridge key, siteId + ':' + digits)); null: this bridge has none yet (a PIN made before the bridge; filled on its next online GRANTED).",
  })
  verifier!: string | null;
}

@ObjectType('ReplicaPermission')
export class ReplicaPermissionType {
  @Field(() => ID) lockId!: string;
  @Field(() => ScheduleType, { nullable: true }) schedule!: ScheduleType | null;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validUntil!: Date | null;
}

@ObjectType('ReplicaEntry', { description: "The full current state of one user at the bridge's locks: replaces the user's entry wholesale." })
export class ReplicaEntryType {
  @Field(() => ID) userId!: string;
  @Field(() => [ReplicaPinType], { description: 'ACTIVE and BLOCKED PINs.' }) pins!: ReplicaPinType[];
  @Field(() => [ReplicaPermissionType], { description: "Permissions at the bridge's locks." }) permissions!: ReplicaPermissionType[];
}

@ObjectType('ReplicaPage', { description: 'One page of a replica change set.' })
export class ReplicaPageType {
  @Field(() => ID, { description: 'The site event seq this change set brings the replica to (the same on every page of one set).' }) cursor!: string;
  @Field(() => Int, { description: "The pepper version the bridge's key and this page's verifiers are derived from. Another one than the bridge's key has: fetch bridgeKey again and sync from scratch." })
  keyVersion!: number;
  @Field(() => ReplicaPolicyType) policy!: ReplicaPolicyType;
  @Field(() => [ReplicaLockType], { description: "The bridge's locks, in full on every page." }) locks!: ReplicaLockType[];
  @Field(() => [ReplicaEntryType], { description: 'Upserts: replace each user\'s entry wholesale.' }) entries!: ReplicaEntryType[];
  @Field(() => [ID], { description: "Users no longer in scope (deleted, or no permission left at the bridge's locks)." }) removedUserIds!: string[];
  @Field(() => ID, { nullable: true, description: 'Non-null: more pages; call again with the same `after`, `upTo: cursor` and `afterUser: nextUserId`.' })
  nextUserId!: string | null;
}

@ObjectType('OfflineReport')
export class OfflineReportType {
  @Field(() => Int, { description: 'Decisions recorded by this call.' }) recorded!: number;
  @Field(() => Int, { description: 'Decisions already recorded before (the same id), skipped.' }) duplicates!: number;
}

@ObjectType('Bridge', { description: 'A BRIDGE token of the site (not revoked) and what it last did.' })
export class BridgeType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [ID], { nullable: true, description: 'The locks it serves; null: every lock of the site.' }) lockIds!: string[] | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Last authenticated request of the bridge.' }) lastSeenAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last time it fetched the final page of a replica change set.' }) lastSyncedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: 'The cursor of that change set.' }) replicaCursor!: string | null;
  @Field(() => Int, { nullable: true, description: 'Users in its replica then.' }) replicaSize!: number | null;
  @Field(() => Boolean, { description: 'Seen within the last 90 seconds.' }) online!: boolean;
}
