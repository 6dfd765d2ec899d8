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
    "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n": typeof types.ActivityEventFieldsFragmentDoc,
    "\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n": typeof types.ActivityHistoryDocument,
    "\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n": typeof types.ActivityLiveDocument,
    "\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.ActivityDirectoryDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
};
const documents: Documents = {
    "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n": types.ActivityEventFieldsFragmentDoc,
    "\n  query ActivityHistory($siteId: ID!, $before: ID, $last: Int!) {\n    pinEvents(siteId: $siteId, before: $before, last: $last) {\n      ...ActivityEventFields\n    }\n  }\n": types.ActivityHistoryDocument,
    "\n  subscription ActivityLive($siteId: ID!, $after: ID) {\n    pinEvents(siteId: $siteId, after: $after) {\n      ...ActivityEventFields\n    }\n  }\n": types.ActivityLiveDocument,
    "\n  query ActivityDirectory($siteId: ID!, $first: Int!) {\n    site(id: $siteId) {\n      id\n      users(first: $first) {\n        id\n        name\n      }\n      locks(first: $first) {\n        id\n        name\n      }\n      tokens(first: $first, includeRevoked: true) {\n        id\n        kind\n        name\n        user {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.ActivityDirectoryDocument,
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      role\n      site {\n        id\n        name\n        plan\n        timezone\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
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
export function graphql(source: "\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ActivityEventFields on PinEvent {\n    id\n    at\n    type\n    reason\n    actorId\n    failedAttempts\n    lock {\n      id\n      name\n    }\n    user {\n      id\n      name\n    }\n  }\n"];
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;