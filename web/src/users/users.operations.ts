import { graphql } from '../gql';

export const UsersPageQuery = graphql(`
  query UsersPage($siteId: ID!, $search: String, $first: Int!, $after: ID) {
    site(id: $siteId) {
      id
      users(search: $search, first: $first, after: $after) {
        id
        name
        email
        role
        slackUserId
        pins {
          id
          status
        }
      }
    }
  }
`);

export const UserCountQuery = graphql(`
  query UserCount($siteId: ID!, $search: String) {
    site(id: $siteId) {
      id
      userCount(search: $search)
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      name
      email
      role
      slackUserId
    }
  }
`);

export const UserQuery = graphql(`
  query UserDetail($id: ID!) {
    user(id: $id) {
      id
      name
      email
      role
      slackUserId
    }
  }
`);

export const UserKeysQuery = graphql(`
  query UserKeys($id: ID!, $siteId: ID!) {
    user(id: $id) {
      id
      name
      pins {
        id
        kind
        status
        length
        createdAt
        blockedAt
        blockedBy {
          id
          name
        }
      }
      permissions {
        id
        lock {
          id
          name
        }
        schedule {
          days
          start
          end
        }
        validFrom
        validUntil
      }
    }
    site(id: $siteId) {
      id
      locks(first: 200) {
        id
        name
      }
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      name
      email
      role
      slackUserId
    }
  }
`);

export const DeleteUserMutation = graphql(`
  mutation DeleteUser($userId: ID!) {
    deleteUser(userId: $userId)
  }
`);

export const BlockPinMutation = graphql(`
  mutation AdminBlockPin($pinId: ID!) {
    blockPin(pinId: $pinId) {
      id
      status
      blockedAt
      blockedBy {
        id
        name
      }
    }
  }
`);

export const UnblockPinMutation = graphql(`
  mutation AdminUnblockPin($pinId: ID!) {
    unblockPin(pinId: $pinId) {
      id
      status
      blockedAt
      blockedBy {
        id
        name
      }
    }
  }
`);

export const GrantAccessMutation = graphql(`
  mutation GrantAccess($input: GrantAccessInput!) {
    grantAccess(input: $input) {
      id
      lock {
        id
        name
      }
      user {
        id
        name
      }
      schedule {
        days
        start
        end
      }
      validFrom
      validUntil
    }
  }
`);

export const RevokeAccessMutation = graphql(`
  mutation RevokeAccess($permissionId: ID!) {
    revokeAccess(permissionId: $permissionId)
  }
`);

/** Its `url` holds a one-use code: shown once, kept in component state only. */
export const CreateSignInLinkMutation = graphql(`
  mutation AdminCreateSignInLink($userId: ID!) {
    createSignInLink(userId: $userId) {
      id
      url
      expiresAt
    }
  }
`);
