import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { sameDigest, type PepperRing } from '../../shared/pin-digest';

/** Why the configured peppers cannot serve this database; names key versions, never a secret. */
export class PepperKeyError extends Error {
  constructor(readonly problems: string[]) {
    super(`PIN peppers do not match this database:\n  ${problems.join('\n  ')}`);
    this.name = 'PepperKeyError';
  }
}

/** HMAC-SHA-256 of a fixed label under one version's pepper: tells a wrong secret, reveals nothing of it. */
export const pepperCheckDigest = (key: Buffer, version: number): string =>
  createHmac('sha256', key).update(`pingate pepper key check, version ${version}`).digest('hex');

type Row = Record<string, unknown>;

/**
 * The start-up check of the configured peppers (table pepper_key_check). Refuses, with a
 * PepperKeyError, a configured version whose stored check another secret wrote, and ACTIVE or
 * BLOCKED PINs under a version that is not configured (no one could ever be let in with them).
 * Then records the check of each configured version not seen before; two nodes starting at once
 * with different secrets for a new version cannot both win: the loser is refused.
 */
export async function checkPepperKeys(em: EntityManager, ring: PepperRing, now: Date = new Date()): Promise<void> {
  const configured = [...ring.keys.keys()].sort((a, b) => a - b);
  const problems = await mismatches(em, ring);
  const live = (await em.execute(`select distinct key_version from pin where status in ('ACTIVE', 'BLOCKED')`)) as Row[];
  const missing = live.map((r) => Number(r.key_version)).filter((v) => !ring.keys.has(v)).sort((a, b) => a - b);
  if (missing.length > 0) {
    problems.push(
      `ACTIVE or BLOCKED PINs are stored under key version${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ` +
        `${missing.length > 1 ? 'are' : 'is'} not configured (configured: ${configured.join(', ')}); ` +
        'put the pepper of each into PIN_PEPPERS_PREVIOUS as version:secret',
    );
  }
  if (problems.length > 0) throw new PepperKeyError(problems);
  for (const [version, key] of ring.keys) {
    await em.execute('insert into pepper_key_check (version, check_digest, created_at) values (?, ?, ?) on conflict (version) do nothing', [
      version,
      pepperCheckDigest(key, version),
      now,
    ]);
  }
  const raced = await mismatches(em, ring);
  if (raced.length > 0) throw new PepperKeyError(raced);
}

async function mismatches(em: EntityManager, ring: PepperRing): Promise<string[]> {
  const rows = (await em.execute('select version, check_digest from pepper_key_check')) as Row[];
  const wrong = rows
    .map((r) => ({ version: Number(r.version), stored: String(r.check_digest) }))
    .filter(({ version, stored }) => {
      const key = ring.keys.get(version);
      return key !== undefined && !sameDigest(stored, pepperCheckDigest(key, version));
    })
    .map((r) => r.version)
    .sort((a, b) => a - b);
  return wrong.map((v) => `the pepper configured for key version ${v} is not the one this database's PINs of version ${v} were stored under (${v === ring.current ? 'PIN_PEPPER' : 'PIN_PEPPERS_PREVIOUS'})`);
}
