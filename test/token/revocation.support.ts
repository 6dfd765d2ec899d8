import { gql, codeOf } from '../support/graphql.client';
import { LOCK_ACCESS } from '../access/access.support';

export const ME = `{ me { id role } }`;
export const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id name email role } }`;
export const SERVICE_TOKEN = `mutation($siteId: ID!, $name: String!) { createServiceToken(siteId: $siteId, name: $name) { id token } }`;

/** What a node answered a request made with a credential: its error code, or 'OK'. */
export async function answer(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<string> {
  const res = await gql(url, query, variables, token);
  if (res.errors?.length) return codeOf(res);
  if (!res.data) throw new Error(`no data and no error: ${res.raw}`);
  return 'OK';
}

/** A door decision asked with a bridge token: its reason, or the error code when there is none. */
export async function bridgeAnswer(url: string, token: string, lockId: string, pin: string): Promise<string> {
  const res = await gql(url, LOCK_ACCESS, { lockId, pin }, token);
  if (res.errors?.length) return codeOf(res);
  return res.data?.lockAccess?.reason ?? `no decision: ${res.raw}`;
}
