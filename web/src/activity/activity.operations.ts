import { graphql } from '../gql';

export const ActivityEventFields = graphql(`
  fragment ActivityEventFields on PinEvent {
    id
    at
    type
    reason
    actorId
    failedAttempts
    offline
    lock {
      id
      name
    }
    user {
      id
      name
    }
  }
`);

/** A page of the log back in time: the newest `last` events before `before` (oldest first). */
export const ActivityHistoryQuery = graphql(`
  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {
    pinEvents(siteId: $siteId, before: $before, last: $last) {
      ...ActivityEventFields
    }
  }
`);

/** The site's events after `after` (replayed first), then live. */
export const ActivityLiveSubscription = graphql(`
  subscription ActivityLive($siteId: ID!, $after: ID) {
    pinEvents(siteId: $siteId, after: $after) {
      ...ActivityEventFields
    }
  }
`);

/** The names of the site's doors and people, for the filters and the actor column. */
export const ActivityDirectoryQuery = graphql(`
  query ActivityDirectory($siteId: ID!, $first: Int!) {
    site(id: $siteId) {
      id
      users(first: $first) {
        id
        name
      }
      locks(first: $first) {
        id
        name
      }
      tokens(first: $first, includeRevoked: true) {
        id
        kind
        name
        user {
          id
          name
        }
      }
    }
  }
`);
