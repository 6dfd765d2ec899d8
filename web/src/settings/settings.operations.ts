import { graphql } from '../gql';

export const PinPolicyFields = graphql(`
  fragment PinPolicyFields on PinPolicy {
    customPinsEnabled
    autoPinLength
    customPinMinLength
    customPinMaxLength
    maxFailedAttempts
    lockoutSeconds
    dailyFailureBudget
    siteLockdownBudget
    riskTarget
    offlineGraceHours
    offlineMaxFailedAttempts
    offlineLockoutSeconds
  }
`);

export const GuessingRiskFields = graphql(`
  fragment GuessingRiskFields on GuessingRisk {
    perDay
    target
    failedGuessCeilingPerDay
    offlineGuessCeiling
    pinsBelowTargetLength
    weakestLength
    hardened
    lockedOutLocks
    pinsByLength {
      length
      count
    }
  }
`);

/** Each section asks for its own part of the site: one query for all of it costs more than the API allows. */
export const PinPolicyQuery = graphql(`
  query SitePinPolicy($siteId: ID!) {
    site(id: $siteId) {
      id
      plan
      pinPolicy {
        ...PinPolicyFields
      }
    }
  }
`);

export const GuessingRiskQuery = graphql(`
  query SiteGuessingRisk($siteId: ID!) {
    site(id: $siteId) {
      id
      guessingRisk {
        ...GuessingRiskFields
      }
    }
  }
`);

export const BridgesQuery = graphql(`
  query SiteBridges($siteId: ID!) {
    site(id: $siteId) {
      id
      bridges {
        id
        name
        lockIds
        online
        lastSeenAt
        lastSyncedAt
        replicaSize
        createdAt
      }
    }
  }
`);

export const SiteLocksQuery = graphql(`
  query SettingsLocks($siteId: ID!) {
    site(id: $siteId) {
      id
      locks(first: 100) {
        id
        name
      }
    }
  }
`);

export const UpdatePinPolicyMutation = graphql(`
  mutation UpdatePinPolicy($siteId: ID!, $input: PinPolicyInput!) {
    updatePinPolicy(siteId: $siteId, input: $input) {
      id
      pinPolicy {
        ...PinPolicyFields
      }
    }
  }
`);

export const TokensQuery = graphql(`
  query SiteTokens($siteId: ID!, $first: Int!, $after: ID, $includeRevoked: Boolean!) {
    site(id: $siteId) {
      id
      tokens(first: $first, after: $after, includeRevoked: $includeRevoked) {
        id
        kind
        name
        user {
          id
          name
        }
        createdBy
        createdAt
        lastUsedAt
        expiresAt
        revokedAt
        lockIds
        exposedPins {
          id
        }
      }
    }
  }
`);

export const CreateBridgeTokenMutation = graphql(`
  mutation CreateBridgeToken($input: CreateBridgeTokenInput!) {
    createBridgeToken(input: $input) {
      id
      token
      expiresAt
    }
  }
`);

export const CreateServiceTokenMutation = graphql(`
  mutation CreateServiceToken($siteId: ID!, $name: String!, $expiresAt: DateTime) {
    createServiceToken(siteId: $siteId, name: $name, expiresAt: $expiresAt) {
      id
      token
      expiresAt
    }
  }
`);

export const RevokeTokenMutation = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id)
  }
`);

export const ResolveExposedPinsMutation = graphql(`
  mutation ResolveExposedPins($tokenId: ID!, $action: ExposedPinAction!) {
    resolveExposedPins(tokenId: $tokenId, action: $action) {
      code
      pin {
        id
        status
        length
        user {
          id
          name
        }
      }
    }
  }
`);
