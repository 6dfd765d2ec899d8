/**
 * Each site's credentials version as the shared cache holds it (DESIGN.md rule 12): the number
 * every node compares, per request, with the version a principal it keeps in memory was read
 * under. The database's `site.credentials_version` is the truth; this store only lets a node
 * know, without the database, that nothing was taken away since it read the token.
 *
 * `put` is set-if-newer and atomic: the version is stored only when it is greater than the stored
 * one, and resolves whether it was. A writer puts the version it raised to inside its transaction
 * (before commit); a reader puts the version it read from the database; so a reader holding an
 * older snapshot never puts an older version back. Versions are non-negative safe integers.
 *
 * Entries live `ttlMs` after they were last stored (default one day); a store that restarts (the
 * Redis adapter keys entries by the server's `run_id`) starts empty. A miss is no answer: the
 * caller asks the database.
 *
 * Failure modes: both methods reject with `StoreUnavailableError` at once when the store cannot
 * answer; the caller then asks the database (a reader) or moves every node to a fresh key space
 * (a writer), never trusts what it holds.
 */
export interface CredentialsVersionCache {
  /** The stored version of the site, or null when none is stored. */
  get(siteId: string): Promise<number | null>;
  /** Stores `version` if it is greater than the stored one; resolves whether it did. */
  put(siteId: string, version: number): Promise<boolean>;
}
