/** Who is calling, resolved from the bearer token (DESIGN.md rule 12). */
export type Principal =
  | { kind: 'USER'; tokenId: string; siteId: string; userId: string; role: 'ADMIN' | 'USER' }
  | { kind: 'BRIDGE'; tokenId: string; siteId: string; lockIds: readonly string[] | null }
  | { kind: 'SERVICE'; tokenId: string; siteId: string };

/** The id recorded as "who did it": the user for USER tokens, the token otherwise. */
export const actorId = (p: Principal): string => (p.kind === 'USER' ? p.userId : p.tokenId);
