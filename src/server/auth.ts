import { GraphQLError } from 'graphql';
import type { EntityManager } from '@mikro-orm/knex';
import type { TokenService } from '../modules/token/token.service';
import { ErrorCode } from '../shared/errors';
import type { Principal } from '../shared/principal';

/** The token of an `Authorization: Bearer <token>` value, or null when there is none. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Resolves the caller: null without a token (resolvers then refuse what needs one),
 * UNAUTHENTICATED for a token that is malformed, unknown or revoked.
 */
export async function principalFor(tokens: TokenService, em: EntityManager, header: string | undefined | null): Promise<Principal | null> {
  if (!header) return null;
  const token = bearerToken(header);
  const principal = token ? await tokens.authenticate(em, token) : null;
  if (!principal) {
    throw new GraphQLError('The bearer token is invalid or revoked', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
  return principal;
}
