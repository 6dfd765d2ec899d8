import { graphql } from '../gql';

export const LocksPageQuery = graphql(`
  query LocksPage($siteId: ID!, $first: Int!, $after: ID) {
    site(id: $siteId) {
      id
      locks(first: $first, after: $after) {
        id
        name
        pinEnabled
      }
    }
  }
`);

export const CreateLockMutation = graphql(`
  mutation CreateLock($input: CreateLockInput!) {
    createLock(input: $input) {
      id
      name
      pinEnabled
    }
  }
`);

export const UpdateLockMutation = graphql(`
  mutation UpdateLock($id: ID!, $input: UpdateLockInput!) {
    updateLock(id: $id, input: $input) {
      id
      name
      pinEnabled
    }
  }
`);

export const LockQuery = graphql(`
  query LockDetail($id: ID!, $first: Int!, $after: ID) {
    lock(id: $id) {
      id
      name
      pinEnabled
      lockout {
        lockedOut
        until
        failures
      }
      permissions(first: $first, after: $after) {
        id
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
  }
`);

export const UserPickerQuery = graphql(`
  query UserPicker($siteId: ID!, $search: String) {
    site(id: $siteId) {
      id
      users(search: $search, first: 20) {
        id
        name
        email
      }
    }
  }
`);

export const UpdatePermissionMutation = graphql(`
  mutation UpdatePermission($id: ID!, $input: UpdatePermissionInput!) {
    updatePermission(id: $id, input: $input) {
      id
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

export const ClearLockoutMutation = graphql(`
  mutation ClearLockout($lockId: ID!) {
    clearLockout(lockId: $lockId)
  }
`);
