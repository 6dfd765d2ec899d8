/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query BridgeKey {\n  bridgeKey {\n    tokenId\n    siteId\n    key\n    keyVersion\n    lockIds\n  }\n}": typeof types.BridgeKeyDocument,
    "query BridgeReplica($after: ID, $upTo: ID, $afterUser: ID, $first: Int) {\n  bridgeReplica(after: $after, upTo: $upTo, afterUser: $afterUser, first: $first) {\n    cursor\n    keyVersion\n    policy {\n      timezone\n      offlineMaxFailedAttempts\n      offlineLockoutSeconds\n      offlineGraceHours\n    }\n    locks {\n      id\n      pinEnabled\n    }\n    entries {\n      userId\n      pins {\n        id\n        kind\n        status\n        verifier\n      }\n      permissions {\n        lockId\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    removedUserIds\n    nextUserId\n  }\n}": typeof types.BridgeReplicaDocument,
    "query LockAccess($lockId: ID!, $pin: String!) {\n  lockAccess(lockId: $lockId, pin: $pin) {\n    granted\n    reason\n    retryAfterSeconds\n    decidedAt\n  }\n}": typeof types.LockAccessDocument,
    "subscription LockEvents($lockId: ID!, $after: ID) {\n  lockEvents(lockId: $lockId, after: $after) {\n    id\n    type\n    reason\n    at\n    user {\n      id\n    }\n    pin {\n      id\n      status\n    }\n  }\n}": typeof types.LockEventsDocument,
    "mutation ReportOfflineDecisions($decisions: [OfflineDecisionInput!]!) {\n  reportOfflineDecisions(decisions: $decisions) {\n    recorded\n    duplicates\n  }\n}": typeof types.ReportOfflineDecisionsDocument,
    "mutation AssignPin($input: AssignPinInput!) {\n  assignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}": typeof types.AssignPinDocument,
    "mutation BlockPin($pinId: ID!) {\n  blockPin(pinId: $pinId) {\n    id\n    status\n    blockedAt\n  }\n}": typeof types.BlockPinDocument,
    "mutation ReassignPin($input: ReassignPinInput!) {\n  reassignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}": typeof types.ReassignPinDocument,
    "mutation SignInLink($userId: ID!, $expiresInMinutes: Int) {\n  createSignInLink(userId: $userId, expiresInMinutes: $expiresInMinutes) {\n    url\n    expiresAt\n  }\n}": typeof types.SignInLinkDocument,
    "query SiteAdmins($siteId: ID!) {\n  site(id: $siteId) {\n    name\n    users {\n      name\n      role\n      slackUserId\n    }\n  }\n}": typeof types.SiteAdminsDocument,
    "subscription SiteAlerts($siteId: ID!, $after: ID) {\n  siteAlerts(siteId: $siteId, after: $after) {\n    id\n    type\n    at\n    failedAttempts\n    lock {\n      id\n      name\n    }\n  }\n}": typeof types.SiteAlertsDocument,
    "query SlackUser($siteId: ID!, $slackUserId: String!) {\n  userBySlackId(siteId: $siteId, slackUserId: $slackUserId) {\n    id\n    name\n    pins {\n      id\n      kind\n      status\n      length\n      createdAt\n      blockedAt\n    }\n  }\n}": typeof types.SlackUserDocument,
};
const documents: Documents = {
    "query BridgeKey {\n  bridgeKey {\n    tokenId\n    siteId\n    key\n    keyVersion\n    lockIds\n  }\n}": types.BridgeKeyDocument,
    "query BridgeReplica($after: ID, $upTo: ID, $afterUser: ID, $first: Int) {\n  bridgeReplica(after: $after, upTo: $upTo, afterUser: $afterUser, first: $first) {\n    cursor\n    keyVersion\n    policy {\n      timezone\n      offlineMaxFailedAttempts\n      offlineLockoutSeconds\n      offlineGraceHours\n    }\n    locks {\n      id\n      pinEnabled\n    }\n    entries {\n      userId\n      pins {\n        id\n        kind\n        status\n        verifier\n      }\n      permissions {\n        lockId\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    removedUserIds\n    nextUserId\n  }\n}": types.BridgeReplicaDocument,
    "query LockAccess($lockId: ID!, $pin: String!) {\n  lockAccess(lockId: $lockId, pin: $pin) {\n    granted\n    reason\n    retryAfterSeconds\n    decidedAt\n  }\n}": types.LockAccessDocument,
    "subscription LockEvents($lockId: ID!, $after: ID) {\n  lockEvents(lockId: $lockId, after: $after) {\n    id\n    type\n    reason\n    at\n    user {\n      id\n    }\n    pin {\n      id\n      status\n    }\n  }\n}": types.LockEventsDocument,
    "mutation ReportOfflineDecisions($decisions: [OfflineDecisionInput!]!) {\n  reportOfflineDecisions(decisions: $decisions) {\n    recorded\n    duplicates\n  }\n}": types.ReportOfflineDecisionsDocument,
    "mutation AssignPin($input: AssignPinInput!) {\n  assignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}": types.AssignPinDocument,
    "mutation BlockPin($pinId: ID!) {\n  blockPin(pinId: $pinId) {\n    id\n    status\n    blockedAt\n  }\n}": types.BlockPinDocument,
    "mutation ReassignPin($input: ReassignPinInput!) {\n  reassignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}": types.ReassignPinDocument,
    "mutation SignInLink($userId: ID!, $expiresInMinutes: Int) {\n  createSignInLink(userId: $userId, expiresInMinutes: $expiresInMinutes) {\n    url\n    expiresAt\n  }\n}": types.SignInLinkDocument,
    "query SiteAdmins($siteId: ID!) {\n  site(id: $siteId) {\n    name\n    users {\n      name\n      role\n      slackUserId\n    }\n  }\n}": types.SiteAdminsDocument,
    "subscription SiteAlerts($siteId: ID!, $after: ID) {\n  siteAlerts(siteId: $siteId, after: $after) {\n    id\n    type\n    at\n    failedAttempts\n    lock {\n      id\n      name\n    }\n  }\n}": types.SiteAlertsDocument,
    "query SlackUser($siteId: ID!, $slackUserId: String!) {\n  userBySlackId(siteId: $siteId, slackUserId: $slackUserId) {\n    id\n    name\n    pins {\n      id\n      kind\n      status\n      length\n      createdAt\n      blockedAt\n    }\n  }\n}": types.SlackUserDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BridgeKey {\n  bridgeKey {\n    tokenId\n    siteId\n    key\n    keyVersion\n    lockIds\n  }\n}"): typeof import('./graphql').BridgeKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query BridgeReplica($after: ID, $upTo: ID, $afterUser: ID, $first: Int) {\n  bridgeReplica(after: $after, upTo: $upTo, afterUser: $afterUser, first: $first) {\n    cursor\n    keyVersion\n    policy {\n      timezone\n      offlineMaxFailedAttempts\n      offlineLockoutSeconds\n      offlineGraceHours\n    }\n    locks {\n      id\n      pinEnabled\n    }\n    entries {\n      userId\n      pins {\n        id\n        kind\n        status\n        verifier\n      }\n      permissions {\n        lockId\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    removedUserIds\n    nextUserId\n  }\n}"): typeof import('./graphql').BridgeReplicaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LockAccess($lockId: ID!, $pin: String!) {\n  lockAccess(lockId: $lockId, pin: $pin) {\n    granted\n    reason\n    retryAfterSeconds\n    decidedAt\n  }\n}"): typeof import('./graphql').LockAccessDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription LockEvents($lockId: ID!, $after: ID) {\n  lockEvents(lockId: $lockId, after: $after) {\n    id\n    type\n    reason\n    at\n    user {\n      id\n    }\n    pin {\n      id\n      status\n    }\n  }\n}"): typeof import('./graphql').LockEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReportOfflineDecisions($decisions: [OfflineDecisionInput!]!) {\n  reportOfflineDecisions(decisions: $decisions) {\n    recorded\n    duplicates\n  }\n}"): typeof import('./graphql').ReportOfflineDecisionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssignPin($input: AssignPinInput!) {\n  assignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}"): typeof import('./graphql').AssignPinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BlockPin($pinId: ID!) {\n  blockPin(pinId: $pinId) {\n    id\n    status\n    blockedAt\n  }\n}"): typeof import('./graphql').BlockPinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReassignPin($input: ReassignPinInput!) {\n  reassignPin(input: $input) {\n    code\n    pin {\n      id\n      kind\n      status\n    }\n  }\n}"): typeof import('./graphql').ReassignPinDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignInLink($userId: ID!, $expiresInMinutes: Int) {\n  createSignInLink(userId: $userId, expiresInMinutes: $expiresInMinutes) {\n    url\n    expiresAt\n  }\n}"): typeof import('./graphql').SignInLinkDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SiteAdmins($siteId: ID!) {\n  site(id: $siteId) {\n    name\n    users {\n      name\n      role\n      slackUserId\n    }\n  }\n}"): typeof import('./graphql').SiteAdminsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription SiteAlerts($siteId: ID!, $after: ID) {\n  siteAlerts(siteId: $siteId, after: $after) {\n    id\n    type\n    at\n    failedAttempts\n    lock {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql').SiteAlertsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SlackUser($siteId: ID!, $slackUserId: String!) {\n  userBySlackId(siteId: $siteId, slackUserId: $slackUserId) {\n    id\n    name\n    pins {\n      id\n      kind\n      status\n      length\n      createdAt\n      blockedAt\n    }\n  }\n}"): typeof import('./graphql').SlackUserDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
