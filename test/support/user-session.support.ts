import { gqlOk } from './graphql.client';

const SIGN_IN_LINK = `mutation($id: ID!) { createSignInLink(userId: $id) { url expiresAt } }`;
const REDEEM = `mutation($code: String!) { redeemSignIn(code: $code) { id token expiresAt } }`;

/** A credential that acts as the given user: `token` for a bearer header, `id` of the token row. */
export interface UserSession {
  id: string;
  token: string;
}

/** The code of a sign-in link's URL (`.../sign-in#code=...`). */
export const codeOf = (url: string): string => new URL(url).hash.replace(/^#code=/, '');

/**
 * The one place tests get a credential for a user, so that how people sign in can change in one
 * file: an admin of the user's site (`adminToken`) makes a sign-in link, and the code of its URL
 * is redeemed for a session.
 */
export async function userSession(url: string, adminToken: string, userId: string): Promise<UserSession> {
  const { createSignInLink } = await gqlOk(url, SIGN_IN_LINK, { id: userId }, adminToken);
  const { redeemSignIn } = await gqlOk(url, REDEEM, { code: codeOf(createSignInLink.url) });
  return { id: redeemSignIn.id, token: redeemSignIn.token };
}
