import { gqlOk } from './graphql.client';

const USER_TOKEN = `mutation($id: ID!) { createUserToken(userId: $id) { id token } }`;

/** A credential that acts as the given user: `token` for a bearer header, `id` of the token row. */
export interface UserSession {
  id: string;
  token: string;
}

/**
 * The one place tests get a credential for a user, so that how people sign in can change in one
 * file. `adminToken` is an admin of the user's site.
 */
export async function userSession(url: string, adminToken: string, userId: string): Promise<UserSession> {
  const { createUserToken } = await gqlOk(url, USER_TOKEN, { id: userId }, adminToken);
  return { id: createUserToken.id, token: createUserToken.token };
}
