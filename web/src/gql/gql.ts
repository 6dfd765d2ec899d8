/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    offline\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n": typeof types.ActivityEventFieldsFragmentDoc,
    "\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n": typeof types.ActivityHistoryDocument,
    "\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n": typeof types.ActivityLiveDocument,
    "\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.ActivityDirectoryDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  mutation AssignPin($input: AssignPinInput!) {\n    assignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n": typeof types.AssignPinDocument,
    "\n  mutation ReassignPin($input: ReassignPinInput!) {\n    reassignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n": typeof types.ReassignPinDocument,
    "\n  query LocksPage($siteId: ID!, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      locks(first: $first, after: $after) {\n        id\n        name\n        pinEnabled\n      }\n    }\n  }\n": typeof types.LocksPageDocument,
    "\n  mutation CreateLock($input: CreateLockInput!) {\n    createLock(input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n": typeof types.CreateLockDocument,
    "\n  mutation UpdateLock($id: ID!, $input: UpdateLockInput!) {\n    updateLock(id: $id, input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n": typeof types.UpdateLockDocument,
    "\n  query LockDetail($id: ID!, $first: Int!, $after: ID) {\n    lock(id: $id) {\n      id\n      name\n      pinEnabled\n      lockout {\n        lockedOut\n        until\n        failures\n      }\n      permissions(first: $first, after: $after) {\n        id\n        user {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n": typeof types.LockDetailDocument,
    "\n  query UserPicker($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: 20) {\n        id\n        name\n        email\n      }\n    }\n  }\n": typeof types.UserPickerDocument,
    "\n  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {\n    updatePermission(id: $id, input: $input) {\n      id\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n": typeof types.UpdatePermissionDocument,
    "\n  mutation ClearLockout($lockId: ID!) {\n    clearLockout(lockId: $lockId)\n  }\n": typeof types.ClearLockoutDocument,
    "\n  query MyPins {\n    me {\n      id\n      name\n      site {\n        id\n        plan\n        timezone\n        pinPolicy {\n          customPinsEnabled\n          customPinMinLength\n          customPinMaxLength\n        }\n      }\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n": typeof types.MyPinsDocument,
    "\n  mutation MyBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n    }\n  }\n": typeof types.MyBlockPinDocument,
    "\n  fragment PinPolicyFields on PinPolicy {\n    customPinsEnabled\n    autoPinLength\n    customPinMinLength\n    customPinMaxLength\n    maxFailedAttempts\n    lockoutSeconds\n    dailyFailureBudget\n    siteLockdownBudget\n    riskTarget\n    offlineGraceHours\n    offlineMaxFailedAttempts\n    offlineLockoutSeconds\n  }\n": typeof types.PinPolicyFieldsFragmentDoc,
    "\n  fragment GuessingRiskFields on GuessingRisk {\n    perDay\n    target\n    failedGuessCeilingPerDay\n    offlineGuessCeiling\n    pinsBelowTargetLength\n    weakestLength\n    hardened\n    lockedOutLocks\n    pinsByLength {\n      length\n      count\n    }\n  }\n": typeof types.GuessingRiskFieldsFragmentDoc,
    "\n  query SitePinPolicy($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      plan\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n": typeof types.SitePinPolicyDocument,
    "\n  query SiteGuessingRisk($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      guessingRisk {\n        ...GuessingRiskFields\n      }\n    }\n  }\n": typeof types.SiteGuessingRiskDocument,
    "\n  query SiteBridges($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      bridges {\n        id\n        name\n        lockIds\n        online\n        lastSeenAt\n        lastSyncedAt\n        replicaSize\n        createdAt\n      }\n    }\n  }\n": typeof types.SiteBridgesDocument,
    "\n  query SettingsLocks($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      locks(first: 100) {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SettingsLocksDocument,
    "\n  mutation UpdatePinPolicy($siteId: ID!, $input: PinPolicyInput!) {\n    updatePinPolicy(siteId: $siteId, input: $input) {\n      id\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n": typeof types.UpdatePinPolicyDocument,
    "\n  query SiteTokens($siteId: ID!, $first: Int!, $after: ID, $includeRevoked: Boolean!) {\n    site(id: $siteId) {\n      id\n      tokens(first: $first, after: $after, includeRevoked: $includeRevoked) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n        createdBy\n        createdAt\n        lastUsedAt\n        expiresAt\n        revokedAt\n        lockIds\n        exposedPins {\n          id\n        }\n      }\n    }\n  }\n": typeof types.SiteTokensDocument,
    "\n  mutation CreateBridgeToken($input: CreateBridgeTokenInput!) {\n    createBridgeToken(input: $input) {\n      id\n      token\n      expiresAt\n    }\n  }\n": typeof types.CreateBridgeTokenDocument,
    "\n  mutation CreateServiceToken($siteId: ID!, $name: String!, $expiresAt: DateTime) {\n    createServiceToken(siteId: $siteId, name: $name, expiresAt: $expiresAt) {\n      id\n      token\n      expiresAt\n    }\n  }\n": typeof types.CreateServiceTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id)\n  }\n": typeof types.RevokeTokenDocument,
    "\n  mutation ResolveExposedPins($tokenId: ID!, $action: ExposedPinAction!) {\n    resolveExposedPins(tokenId: $tokenId, action: $action) {\n      code\n      pin {\n        id\n        status\n        length\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.ResolveExposedPinsDocument,
    "\n  query UsersPage($siteId: ID!, $search: String, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: $first, after: $after) {\n        id\n        name\n        email\n        role\n        slackUserId\n        pins {\n          id\n          status\n        }\n      }\n    }\n  }\n": typeof types.UsersPageDocument,
    "\n  query UserCount($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      userCount(search: $search)\n    }\n  }\n": typeof types.UserCountDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": typeof types.UserDetailDocument,
    "\n  query UserKeys($id: ID!, $siteId: ID!) {\n    user(id: $id) {\n      id\n      name\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n        blockedBy {\n          id\n          name\n        }\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    site(id: $siteId) {\n      id\n      locks(first: 200) {\n        id\n        name\n      }\n    }\n  }\n": typeof types.UserKeysDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation DeleteUser($userId: ID!) {\n    deleteUser(userId: $userId)\n  }\n": typeof types.DeleteUserDocument,
    "\n  mutation AdminBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AdminBlockPinDocument,
    "\n  mutation AdminUnblockPin($pinId: ID!) {\n    unblockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AdminUnblockPinDocument,
    "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) {\n      id\n      lock {\n        id\n        name\n      }\n      user {\n        id\n        name\n      }\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n": typeof types.GrantAccessDocument,
    "\n  mutation RevokeAccess($permissionId: ID!) {\n    revokeAccess(permissionId: $permissionId)\n  }\n": typeof types.RevokeAccessDocument,
    "\n  mutation AdminCreateSignInLink($userId: ID!) {\n    createSignInLink(userId: $userId) {\n      id\n      url\n      expiresAt\n    }\n  }\n": typeof types.AdminCreateSignInLinkDocument,
};
const documents: Documents = {
    "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    offline\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n": types.ActivityEventFieldsFragmentDoc,
    "\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n": types.ActivityHistoryDocument,
    "\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n": types.ActivityLiveDocument,
    "\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.ActivityDirectoryDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  mutation AssignPin($input: AssignPinInput!) {\n    assignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n": types.AssignPinDocument,
    "\n  mutation ReassignPin($input: ReassignPinInput!) {\n    reassignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n": types.ReassignPinDocument,
    "\n  query LocksPage($siteId: ID!, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      locks(first: $first, after: $after) {\n        id\n        name\n        pinEnabled\n      }\n    }\n  }\n": types.LocksPageDocument,
    "\n  mutation CreateLock($input: CreateLockInput!) {\n    createLock(input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n": types.CreateLockDocument,
    "\n  mutation UpdateLock($id: ID!, $input: UpdateLockInput!) {\n    updateLock(id: $id, input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n": types.UpdateLockDocument,
    "\n  query LockDetail($id: ID!, $first: Int!, $after: ID) {\n    lock(id: $id) {\n      id\n      name\n      pinEnabled\n      lockout {\n        lockedOut\n        until\n        failures\n      }\n      permissions(first: $first, after: $after) {\n        id\n        user {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n": types.LockDetailDocument,
    "\n  query UserPicker($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: 20) {\n        id\n        name\n        email\n      }\n    }\n  }\n": types.UserPickerDocument,
    "\n  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {\n    updatePermission(id: $id, input: $input) {\n      id\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n": types.UpdatePermissionDocument,
    "\n  mutation ClearLockout($lockId: ID!) {\n    clearLockout(lockId: $lockId)\n  }\n": types.ClearLockoutDocument,
    "\n  query MyPins {\n    me {\n      id\n      name\n      site {\n        id\n        plan\n        timezone\n        pinPolicy {\n          customPinsEnabled\n          customPinMinLength\n          customPinMaxLength\n        }\n      }\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n": types.MyPinsDocument,
    "\n  mutation MyBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n    }\n  }\n": types.MyBlockPinDocument,
    "\n  fragment PinPolicyFields on PinPolicy {\n    customPinsEnabled\n    autoPinLength\n    customPinMinLength\n    customPinMaxLength\n    maxFailedAttempts\n    lockoutSeconds\n    dailyFailureBudget\n    siteLockdownBudget\n    riskTarget\n    offlineGraceHours\n    offlineMaxFailedAttempts\n    offlineLockoutSeconds\n  }\n": types.PinPolicyFieldsFragmentDoc,
    "\n  fragment GuessingRiskFields on GuessingRisk {\n    perDay\n    target\n    failedGuessCeilingPerDay\n    offlineGuessCeiling\n    pinsBelowTargetLength\n    weakestLength\n    hardened\n    lockedOutLocks\n    pinsByLength {\n      length\n      count\n    }\n  }\n": types.GuessingRiskFieldsFragmentDoc,
    "\n  query SitePinPolicy($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      plan\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n": types.SitePinPolicyDocument,
    "\n  query SiteGuessingRisk($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      guessingRisk {\n        ...GuessingRiskFields\n      }\n    }\n  }\n": types.SiteGuessingRiskDocument,
    "\n  query SiteBridges($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      bridges {\n        id\n        name\n        lockIds\n        online\n        lastSeenAt\n        lastSyncedAt\n        replicaSize\n        createdAt\n      }\n    }\n  }\n": types.SiteBridgesDocument,
    "\n  query SettingsLocks($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      locks(first: 100) {\n        id\n        name\n      }\n    }\n  }\n": types.SettingsLocksDocument,
    "\n  mutation UpdatePinPolicy($siteId: ID!, $input: PinPolicyInput!) {\n    updatePinPolicy(siteId: $siteId, input: $input) {\n      id\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n": types.UpdatePinPolicyDocument,
    "\n  query SiteTokens($siteId: ID!, $first: Int!, $after: ID, $includeRevoked: Boolean!) {\n    site(id: $siteId) {\n      id\n      tokens(first: $first, after: $after, includeRevoked: $includeRevoked) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n        createdBy\n        createdAt\n        lastUsedAt\n        expiresAt\n        revokedAt\n        lockIds\n        exposedPins {\n          id\n        }\n      }\n    }\n  }\n": types.SiteTokensDocument,
    "\n  mutation CreateBridgeToken($input: CreateBridgeTokenInput!) {\n    createBridgeToken(input: $input) {\n      id\n      token\n      expiresAt\n    }\n  }\n": types.CreateBridgeTokenDocument,
    "\n  mutation CreateServiceToken($siteId: ID!, $name: String!, $expiresAt: DateTime) {\n    createServiceToken(siteId: $siteId, name: $name, expiresAt: $expiresAt) {\n      id\n      token\n      expiresAt\n    }\n  }\n": types.CreateServiceTokenDocument,
    "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id)\n  }\n": types.RevokeTokenDocument,
    "\n  mutation ResolveExposedPins($tokenId: ID!, $action: ExposedPinAction!) {\n    resolveExposedPins(tokenId: $tokenId, action: $action) {\n      code\n      pin {\n        id\n        status\n        length\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.ResolveExposedPinsDocument,
    "\n  query UsersPage($siteId: ID!, $search: String, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: $first, after: $after) {\n        id\n        name\n        email\n        role\n        slackUserId\n        pins {\n          id\n          status\n        }\n      }\n    }\n  }\n": types.UsersPageDocument,
    "\n  query UserCount($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      userCount(search: $search)\n    }\n  }\n": types.UserCountDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": types.CreateUserDocument,
    "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": types.UserDetailDocument,
    "\n  query UserKeys($id: ID!, $siteId: ID!) {\n    user(id: $id) {\n      id\n      name\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n        blockedBy {\n          id\n          name\n        }\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    site(id: $siteId) {\n      id\n      locks(first: 200) {\n        id\n        name\n      }\n    }\n  }\n": types.UserKeysDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation DeleteUser($userId: ID!) {\n    deleteUser(userId: $userId)\n  }\n": types.DeleteUserDocument,
    "\n  mutation AdminBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n": types.AdminBlockPinDocument,
    "\n  mutation AdminUnblockPin($pinId: ID!) {\n    unblockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n": types.AdminUnblockPinDocument,
    "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) {\n      id\n      lock {\n        id\n        name\n      }\n      user {\n        id\n        name\n      }\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n": types.GrantAccessDocument,
    "\n  mutation RevokeAccess($permissionId: ID!) {\n    revokeAccess(permissionId: $permissionId)\n  }\n": types.RevokeAccessDocument,
    "\n  mutation AdminCreateSignInLink($userId: ID!) {\n    createSignInLink(userId: $userId) {\n      id\n      url\n      expiresAt\n    }\n  }\n": types.AdminCreateSignInLinkDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    offline\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    offline\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n"): (typeof documents)["\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n"): (typeof documents)["\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignPin($input: AssignPinInput!) {\n    assignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AssignPin($input: AssignPinInput!) {\n    assignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReassignPin($input: ReassignPinInput!) {\n    reassignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ReassignPin($input: ReassignPinInput!) {\n    reassignPin(input: $input) {\n      code\n      pin {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LocksPage($siteId: ID!, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      locks(first: $first, after: $after) {\n        id\n        name\n        pinEnabled\n      }\n    }\n  }\n"): (typeof documents)["\n  query LocksPage($siteId: ID!, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      locks(first: $first, after: $after) {\n        id\n        name\n        pinEnabled\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLock($input: CreateLockInput!) {\n    createLock(input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLock($input: CreateLockInput!) {\n    createLock(input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLock($id: ID!, $input: UpdateLockInput!) {\n    updateLock(id: $id, input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateLock($id: ID!, $input: UpdateLockInput!) {\n    updateLock(id: $id, input: $input) {\n      id\n      name\n      pinEnabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LockDetail($id: ID!, $first: Int!, $after: ID) {\n    lock(id: $id) {\n      id\n      name\n      pinEnabled\n      lockout {\n        lockedOut\n        until\n        failures\n      }\n      permissions(first: $first, after: $after) {\n        id\n        user {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n"): (typeof documents)["\n  query LockDetail($id: ID!, $first: Int!, $after: ID) {\n    lock(id: $id) {\n      id\n      name\n      pinEnabled\n      lockout {\n        lockedOut\n        until\n        failures\n      }\n      permissions(first: $first, after: $after) {\n        id\n        user {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserPicker($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: 20) {\n        id\n        name\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserPicker($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: 20) {\n        id\n        name\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {\n    updatePermission(id: $id, input: $input) {\n      id\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {\n    updatePermission(id: $id, input: $input) {\n      id\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearLockout($lockId: ID!) {\n    clearLockout(lockId: $lockId)\n  }\n"): (typeof documents)["\n  mutation ClearLockout($lockId: ID!) {\n    clearLockout(lockId: $lockId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPins {\n    me {\n      id\n      name\n      site {\n        id\n        plan\n        timezone\n        pinPolicy {\n          customPinsEnabled\n          customPinMinLength\n          customPinMaxLength\n        }\n      }\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyPins {\n    me {\n      id\n      name\n      site {\n        id\n        plan\n        timezone\n        pinPolicy {\n          customPinsEnabled\n          customPinMinLength\n          customPinMaxLength\n        }\n      }\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n    }\n  }\n"): (typeof documents)["\n  mutation MyBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PinPolicyFields on PinPolicy {\n    customPinsEnabled\n    autoPinLength\n    customPinMinLength\n    customPinMaxLength\n    maxFailedAttempts\n    lockoutSeconds\n    dailyFailureBudget\n    siteLockdownBudget\n    riskTarget\n    offlineGraceHours\n    offlineMaxFailedAttempts\n    offlineLockoutSeconds\n  }\n"): (typeof documents)["\n  fragment PinPolicyFields on PinPolicy {\n    customPinsEnabled\n    autoPinLength\n    customPinMinLength\n    customPinMaxLength\n    maxFailedAttempts\n    lockoutSeconds\n    dailyFailureBudget\n    siteLockdownBudget\n    riskTarget\n    offlineGraceHours\n    offlineMaxFailedAttempts\n    offlineLockoutSeconds\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GuessingRiskFields on GuessingRisk {\n    perDay\n    target\n    failedGuessCeilingPerDay\n    offlineGuessCeiling\n    pinsBelowTargetLength\n    weakestLength\n    hardened\n    lockedOutLocks\n    pinsByLength {\n      length\n      count\n    }\n  }\n"): (typeof documents)["\n  fragment GuessingRiskFields on GuessingRisk {\n    perDay\n    target\n    failedGuessCeilingPerDay\n    offlineGuessCeiling\n    pinsBelowTargetLength\n    weakestLength\n    hardened\n    lockedOutLocks\n    pinsByLength {\n      length\n      count\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SitePinPolicy($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      plan\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query SitePinPolicy($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      plan\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SiteGuessingRisk($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      guessingRisk {\n        ...GuessingRiskFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query SiteGuessingRisk($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      guessingRisk {\n        ...GuessingRiskFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SiteBridges($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      bridges {\n        id\n        name\n        lockIds\n        online\n        lastSeenAt\n        lastSyncedAt\n        replicaSize\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query SiteBridges($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      bridges {\n        id\n        name\n        lockIds\n        online\n        lastSeenAt\n        lastSyncedAt\n        replicaSize\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsLocks($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      locks(first: 100) {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsLocks($siteId: ID!) {\n    site(id: $siteId) {\n      id\n      locks(first: 100) {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePinPolicy($siteId: ID!, $input: PinPolicyInput!) {\n    updatePinPolicy(siteId: $siteId, input: $input) {\n      id\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePinPolicy($siteId: ID!, $input: PinPolicyInput!) {\n    updatePinPolicy(siteId: $siteId, input: $input) {\n      id\n      pinPolicy {\n        ...PinPolicyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SiteTokens($siteId: ID!, $first: Int!, $after: ID, $includeRevoked: Boolean!) {\n    site(id: $siteId) {\n      id\n      tokens(first: $first, after: $after, includeRevoked: $includeRevoked) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n        createdBy\n        createdAt\n        lastUsedAt\n        expiresAt\n        revokedAt\n        lockIds\n        exposedPins {\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SiteTokens($siteId: ID!, $first: Int!, $after: ID, $includeRevoked: Boolean!) {\n    site(id: $siteId) {\n      id\n      tokens(first: $first, after: $after, includeRevoked: $includeRevoked) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n        createdBy\n        createdAt\n        lastUsedAt\n        expiresAt\n        revokedAt\n        lockIds\n        exposedPins {\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBridgeToken($input: CreateBridgeTokenInput!) {\n    createBridgeToken(input: $input) {\n      id\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBridgeToken($input: CreateBridgeTokenInput!) {\n    createBridgeToken(input: $input) {\n      id\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateServiceToken($siteId: ID!, $name: String!, $expiresAt: DateTime) {\n    createServiceToken(siteId: $siteId, name: $name, expiresAt: $expiresAt) {\n      id\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateServiceToken($siteId: ID!, $name: String!, $expiresAt: DateTime) {\n    createServiceToken(siteId: $siteId, name: $name, expiresAt: $expiresAt) {\n      id\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeToken($id: ID!) {\n    revokeToken(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveExposedPins($tokenId: ID!, $action: ExposedPinAction!) {\n    resolveExposedPins(tokenId: $tokenId, action: $action) {\n      code\n      pin {\n        id\n        status\n        length\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResolveExposedPins($tokenId: ID!, $action: ExposedPinAction!) {\n    resolveExposedPins(tokenId: $tokenId, action: $action) {\n      code\n      pin {\n        id\n        status\n        length\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersPage($siteId: ID!, $search: String, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: $first, after: $after) {\n        id\n        name\n        email\n        role\n        slackUserId\n        pins {\n          id\n          status\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UsersPage($siteId: ID!, $search: String, $first: Int!, $after: ID) {\n    site(id: $siteId) {\n      id\n      users(search: $search, first: $first, after: $after) {\n        id\n        name\n        email\n        role\n        slackUserId\n        pins {\n          id\n          status\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserCount($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      userCount(search: $search)\n    }\n  }\n"): (typeof documents)["\n  query UserCount($siteId: ID!, $search: String) {\n    site(id: $siteId) {\n      id\n      userCount(search: $search)\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"): (typeof documents)["\n  query UserDetail($id: ID!) {\n    user(id: $id) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserKeys($id: ID!, $siteId: ID!) {\n    user(id: $id) {\n      id\n      name\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n        blockedBy {\n          id\n          name\n        }\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    site(id: $siteId) {\n      id\n      locks(first: 200) {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query UserKeys($id: ID!, $siteId: ID!) {\n    user(id: $id) {\n      id\n      name\n      pins {\n        id\n        kind\n        status\n        length\n        createdAt\n        blockedAt\n        blockedBy {\n          id\n          name\n        }\n      }\n      permissions {\n        id\n        lock {\n          id\n          name\n        }\n        schedule {\n          days\n          start\n          end\n        }\n        validFrom\n        validUntil\n      }\n    }\n    site(id: $siteId) {\n      id\n      locks(first: 200) {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      name\n      email\n      role\n      slackUserId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteUser($userId: ID!) {\n    deleteUser(userId: $userId)\n  }\n"): (typeof documents)["\n  mutation DeleteUser($userId: ID!) {\n    deleteUser(userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminBlockPin($pinId: ID!) {\n    blockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUnblockPin($pinId: ID!) {\n    unblockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUnblockPin($pinId: ID!) {\n    unblockPin(pinId: $pinId) {\n      id\n      status\n      blockedAt\n      blockedBy {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) {\n      id\n      lock {\n        id\n        name\n      }\n      user {\n        id\n        name\n      }\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n"): (typeof documents)["\n  mutation GrantAccess($input: GrantAccessInput!) {\n    grantAccess(input: $input) {\n      id\n      lock {\n        id\n        name\n      }\n      user {\n        id\n        name\n      }\n      schedule {\n        days\n        start\n        end\n      }\n      validFrom\n      validUntil\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAccess($permissionId: ID!) {\n    revokeAccess(permissionId: $permissionId)\n  }\n"): (typeof documents)["\n  mutation RevokeAccess($permissionId: ID!) {\n    revokeAccess(permissionId: $permissionId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateSignInLink($userId: ID!) {\n    createSignInLink(userId: $userId) {\n      id\n      url\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateSignInLink($userId: ID!) {\n    createSignInLink(userId: $userId) {\n      id\n      url\n      expiresAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;