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

export const MyBlockPinMutation = graphql(`
  mutation MyBlockPin($pinId: ID!) {
    blockPin(pinId: $pinId) {
      id
      status
      blockedAt
    }
  }
`);
