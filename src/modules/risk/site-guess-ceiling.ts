import type { EntityManager } from '@mikro-orm/knex';
import { siteGuessCeiling } from '../access/guess-ceiling';
import { Lock } from '../lock/lock.entity';
import type { Site } from '../site/site.entity';
import { AccessToken, PrincipalKind } from '../token/token.entity';
import { targetLength } from './guessing-risk';

/** G of a site as both the shown P and the length of generated PINs take it. */
export interface SiteCeiling {
  /** G: failed guesses in 24 h, online and offline. */
  ceiling: number;
  /** PIN-enabled doors a live (not revoked, not expired) bridge serves. */
  bridgedDoors: number;
}

/**
 * The one G of DESIGN.md rule 14 for a site: the online ceiling taken for any number of doors (adding
 * doors later does not put the site over its target), plus the offline ceiling of every PIN-enabled
 * door a live bridge serves (every one of them once a bridge is unscoped). The shown P
 * (`Site.guessingRisk`) and the length of the next generated PIN both read it, so a PIN generated
 * now keeps the P shown after it at or under the site's riskTarget.
 */
export async function readSiteCeiling(em: EntityManager, site: Site, now: Date = new Date()): Promise<SiteCeiling> {
  // One after the other: inside a transaction both go to the same connection (pg queues parallel
  // queries on one client, and pg 9 will refuse them).
  const locks = await em.find(Lock, { site: site.id, pinEnabled: true }, { fields: ['id'] });
  const bridges = await em.find(AccessToken, { site: site.id, kind: PrincipalKind.BRIDGE, revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] }, { fields: ['lockIds'] });
  const served = bridges.some((b) => b.lockIds === null) ? new Set(locks.map((l) => l.id)) : new Set(bridges.flatMap((b) => (b.lockIds ?? '').split(',')));
  const bridgedDoors = locks.filter((l) => served.has(l.id)).length;
  return { ceiling: siteGuessCeiling(site, Number.MAX_SAFE_INTEGER, bridgedDoors), bridgedDoors };
}

/**
 * Length of a generated PIN on a site with `activePins` other ACTIVE PINs under ceiling G
 * (DESIGN.md rules 6, 14): at least the policy's, and the shortest that keeps P at or under the
 * site's riskTarget were every ACTIVE PIN of that length.
 */
export function generatedLength(site: Pick<Site, 'autoPinLength' | 'riskTarget'>, ceiling: number, activePins: number): number {
  return Math.max(site.autoPinLength, targetLength(ceiling, activePins, site.riskTarget));
}
