import { graphql } from '../gql';

export const MyPinsQuery = graphql(`
  query MyPins {
    me {
      id
      name
      site {
        id
        plan
        timezone
        pinPolicy {
          customPinsEnabled
          customPinMinLength
          customPinMaxLength
        }
      }
      pins {
        id
        kind
        status
        length
        createdAt
        blockedAt
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
  }
`);

/** Its `code` is shown once: the result is read from the promise, never kept by a hook or the cache. */
export const MyAssignPinMutation = graphql(`
  mutation MyAssignPin($input: AssignPinInput!) {
    assignPin(input: $input) {
      code
      pin {
        id
        kind
        status
        length
        createdAt
        blockedAt
      }
    }
  }
`);

export const MyReassignPinMutation = graphql(`
  mutation MyReassignPin($input: ReassignPinInput!) {
    reassignPin(input: $input) {
      code
      pin {
        id
        kind
        status
        length
        createdAt
        blockedAt
      }
    }
  }
`);

export const MyBlockPinMutation = graphql(`
  mutation MyBlockPin($pinId: ID!) {
    blockPin(pinId: $pinId) {
      id
      status
      blockedAt
    }
  }
`);
