/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AccessReason =
  | 'GRANTED'
  | 'INVALID_PIN'
  | 'LOCKED_OUT'
  | 'NO_PERMISSION'
  | 'OUTSIDE_SCHEDULE'
  | 'PIN_BLOCKED'
  | 'PIN_NOT_SUPPORTED'
  | 'REPLICA_STALE';

export type AssignPinInput = {
  /** Only for kind CUSTOM: the digits the user chose. */
  code?: string | null | undefined;
  kind?: PinKind | null | undefined;
  /** Defaults to the caller. */
  userId?: string | number | null | undefined;
};

/** A decision a bridge made while the API was unreachable. */
export type OfflineDecisionInput = {
  /** When the keypad answered (real time): at most offlineGraceHours + 24 h ago, at most 5 minutes ahead. */
  at: string;
  /** LOCKOUT_STARTED: the failures that started it. */
  failedAttempts?: number | null | undefined;
  /** Made by the bridge (a UUID); the same id reported twice is recorded once. */
  id: string | number;
  lockId: string | number;
  /** The PIN whose verifier matched, if one did. */
  pinId?: string | number | null | undefined;
  /** Required for ACCESS_GRANTED (GRANTED) and ACCESS_DENIED (any other reason); none for LOCKOUT_STARTED. */
  reason?: AccessReason | null | undefined;
  type: OfflineDecisionType;
  /** The user of that PIN. */
  userId?: string | number | null | undefined;
};

export type OfflineDecisionType =
  | 'ACCESS_DENIED'
  | 'ACCESS_GRANTED'
  | 'LOCKOUT_STARTED';

export type PinEventType =
  | 'ACCESS_DENIED'
  | 'ACCESS_GRANTED'
  | 'LOCKOUT_CLEARED'
  | 'LOCKOUT_STARTED'
  | 'LOCK_UPDATED'
  | 'PERMISSION_GRANTED'
  | 'PERMISSION_REVOKED'
  | 'PERMISSION_UPDATED'
  | 'PIN_ASSIGNED'
  | 'PIN_BLOCKED'
  | 'PIN_REASSIGNED'
  | 'PIN_REKEYED'
  | 'PIN_UNBLOCKED'
  | 'POLICY_UPDATED'
  | 'SIGNED_IN'
  | 'SIGN_IN_LINK_CREATED'
  | 'SITE_HARDENED'
  | 'SITE_HARDENING_CLEARED'
  | 'USER_DELETED'
  | 'USER_UPDATED';

export type PinKind =
  | 'AUTO'
  | 'CUSTOM';

export type PinStatus =
  | 'ACTIVE'
  | 'BLOCKED'
  | 'REPLACED';

export type ReassignPinInput = {
  /** Only when the PIN being replaced is CUSTOM: the new digits. */
  code?: string | null | undefined;
  pinId: string | number;
};

export type Role =
  | 'ADMIN'
  | 'USER';

export type Weekday =
  | 'FRI'
  | 'MON'
  | 'SAT'
  | 'SUN'
  | 'THU'
  | 'TUE'
  | 'WED';

export type BridgeKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type BridgeKeyQuery = { bridgeKey: { tokenId: string, siteId: string, key: string, keyVersion: number, lockIds: Array<string> | null } };

export type BridgeReplicaQueryVariables = Exact<{
  after?: string | number | null | undefined;
  upTo?: string | number | null | undefined;
  afterUser?: string | number | null | undefined;
  first?: number | null | undefined;
}>;


export type BridgeReplicaQuery = { bridgeReplica: { cursor: string, keyVersion: number, removedUserIds: Array<string>, nextUserId: string | null, policy: { timezone: string, offlineMaxFailedAttempts: number, offlineLockoutSeconds: number, offlineGraceHours: number }, locks: Array<{ id: string, pinEnabled: boolean }>, entries: Array<{ userId: string, pins: Array<{ id: string, kind: PinKind, status: PinStatus, verifier: string | null }>, permissions: Array<{ lockId: string, validFrom: string | null, validUntil: string | null, schedule: { days: Array<Weekday>, start: string, end: string } | null }> }> } };

export type LockAccessQueryVariables = Exact<{
  lockId: string | number;
  pin: string;
}>;


export type LockAccessQuery = { lockAccess: { granted: boolean, reason: AccessReason, retryAfterSeconds: number | null, decidedAt: string } };

export type LockEventsSubscriptionVariables = Exact<{
  lockId: string | number;
  after?: string | number | null | undefined;
}>;


export type LockEventsSubscription = { lockEvents: { id: string, type: PinEventType, reason: AccessReason | null, at: string, user: { id: string } | null, pin: { id: string, status: PinStatus } | null } };

export type ReportOfflineDecisionsMutationVariables = Exact<{
  decisions: Array<OfflineDecisionInput> | OfflineDecisionInput;
}>;


export type ReportOfflineDecisionsMutation = { reportOfflineDecisions: { recorded: number, duplicates: number } };

export type AssignPinMutationVariables = Exact<{
  input: AssignPinInput;
}>;


export type AssignPinMutation = { assignPin: { code: string, pin: { id: string, kind: PinKind, status: PinStatus } } };

export type BlockPinMutationVariables = Exact<{
  pinId: string | number;
}>;


export type BlockPinMutation = { blockPin: { id: string, status: PinStatus, blockedAt: string | null } };

export type ReassignPinMutationVariables = Exact<{
  input: ReassignPinInput;
}>;


export type ReassignPinMutation = { reassignPin: { code: string, pin: { id: string, kind: PinKind, status: PinStatus } } };

export type SignInLinkMutationVariables = Exact<{
  userId: string | number;
  expiresInMinutes?: number | null | undefined;
}>;


export type SignInLinkMutation = { createSignInLink: { url: string, expiresAt: string } };

export type SiteAdminsQueryVariables = Exact<{
  siteId: string | number;
}>;


export type SiteAdminsQuery = { site: { name: string, users: Array<{ name: string, role: Role, slackUserId: string | null }> } | null };

export type SiteAlertsSubscriptionVariables = Exact<{
  siteId: string | number;
  after?: string | number | null | undefined;
}>;


export type SiteAlertsSubscription = { siteAlerts: { id: string, type: PinEventType, at: string, failedAttempts: number | null, lock: { id: string, name: string } | null } };

export type SlackUserQueryVariables = Exact<{
  siteId: string | number;
  slackUserId: string;
}>;


export type SlackUserQuery = { userBySlackId: { id: string, name: string, pins: Array<{ id: string, kind: PinKind, status: PinStatus, length: number, createdAt: string, blockedAt: string | null }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const BridgeKeyDocument = new TypedDocumentString(`
    query BridgeKey {
  bridgeKey {
    tokenId
    siteId
    key
    keyVersion
    lockIds
  }
}
    `) as unknown as TypedDocumentString<BridgeKeyQuery, BridgeKeyQueryVariables>;
export const BridgeReplicaDocument = new TypedDocumentString(`
    query BridgeReplica($after: ID, $upTo: ID, $afterUser: ID, $first: Int) {
  bridgeReplica(after: $after, upTo: $upTo, afterUser: $afterUser, first: $first) {
    cursor
    keyVersion
    policy {
      timezone
      offlineMaxFailedAttempts
      offlineLockoutSeconds
      offlineGraceHours
    }
    locks {
      id
      pinEnabled
    }
    entries {
      userId
      pins {
        id
        kind
        status
        verifier
      }
      permissions {
        lockId
        schedule {
          days
          start
          end
        }
        validFrom
        validUntil
      }
    }
    removedUserIds
    nextUserId
  }
}
    `) as unknown as TypedDocumentString<BridgeReplicaQuery, BridgeReplicaQueryVariables>;
export const LockAccessDocument = new TypedDocumentString(`
    query LockAccess($lockId: ID!, $pin: String!) {
  lockAccess(lockId: $lockId, pin: $pin) {
    granted
    reason
    retryAfterSeconds
    decidedAt
  }
}
    `) as unknown as TypedDocumentString<LockAccessQuery, LockAccessQueryVariables>;
export const LockEventsDocument = new TypedDocumentString(`
    subscription LockEvents($lockId: ID!, $after: ID) {
  lockEvents(lockId: $lockId, after: $after) {
    id
    type
    reason
    at
    user {
      id
    }
    pin {
      id
      status
    }
  }
}
    `) as unknown as TypedDocumentString<LockEventsSubscription, LockEventsSubscriptionVariables>;
export const ReportOfflineDecisionsDocument = new TypedDocumentString(`
    mutation ReportOfflineDecisions($decisions: [OfflineDecisionInput!]!) {
  reportOfflineDecisions(decisions: $decisions) {
    recorded
    duplicates
  }
}
    `) as unknown as TypedDocumentString<ReportOfflineDecisionsMutation, ReportOfflineDecisionsMutationVariables>;
export const AssignPinDocument = new TypedDocumentString(`
    mutation AssignPin($input: AssignPinInput!) {
  assignPin(input: $input) {
    code
    pin {
      id
      kind
      status
    }
  }
}
    `) as unknown as TypedDocumentString<AssignPinMutation, AssignPinMutationVariables>;
export const BlockPinDocument = new TypedDocumentString(`
    mutation BlockPin($pinId: ID!) {
  blockPin(pinId: $pinId) {
    id
    status
    blockedAt
  }
}
    `) as unknown as TypedDocumentString<BlockPinMutation, BlockPinMutationVariables>;
export const ReassignPinDocument = new TypedDocumentString(`
    mutation ReassignPin($input: ReassignPinInput!) {
  reassignPin(input: $input) {
    code
    pin {
      id
      kind
      status
    }
  }
}
    `) as unknown as TypedDocumentString<ReassignPinMutation, ReassignPinMutationVariables>;
export const SignInLinkDocument = new TypedDocumentString(`
    mutation SignInLink($userId: ID!, $expiresInMinutes: Int) {
  createSignInLink(userId: $userId, expiresInMinutes: $expiresInMinutes) {
    url
    expiresAt
  }
}
    `) as unknown as TypedDocumentString<SignInLinkMutation, SignInLinkMutationVariables>;
export const SiteAdminsDocument = new TypedDocumentString(`
    query SiteAdmins($siteId: ID!) {
  site(id: $siteId) {
    name
    users {
      name
      role
      slackUserId
    }
  }
}
    `) as unknown as TypedDocumentString<SiteAdminsQuery, SiteAdminsQueryVariables>;
export const SiteAlertsDocument = new TypedDocumentString(`
    subscription SiteAlerts($siteId: ID!, $after: ID) {
  siteAlerts(siteId: $siteId, after: $after) {
    id
    type
    at
    failedAttempts
    lock {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<SiteAlertsSubscription, SiteAlertsSubscriptionVariables>;
export const SlackUserDocument = new TypedDocumentString(`
    query SlackUser($siteId: ID!, $slackUserId: String!) {
  userBySlackId(siteId: $siteId, slackUserId: $slackUserId) {
    id
    name
    pins {
      id
      kind
      status
      length
      createdAt
      blockedAt
    }
  }
}
    `) as unknown as TypedDocumentString<SlackUserQuery, SlackUserQueryVariables>;