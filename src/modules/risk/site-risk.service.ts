import { requireAdmin } from '../../shared/authorize';
import { parseId } from '../../shared/ids';
import type { RequestContext } from '../../shared/request-context';
import { lockoutExposure, offlineGuessCeiling } from '../access/guess-ceiling';
import { PinLengthCounts, totalActive } from '../pin/pin-length.counts';
import { Site } from '../site/site.entity';
import { guessingRisk } from './guessing-risk';
import { generatedLength, readSiteCeiling } from './site-guess-ceiling';

/** What the lockout stages say about a site now. */
export interface SiteHardening {
  hardened: boolean;
  lockedOutLocks: number;
}

/** Reads the site's hardening from the lockout stages (see site-hardening.reader.ts). */
export type SiteHardeningReader = (siteId: string, site: Site) => Promise<SiteHardening>;


export interface SiteGuessingRisk {
  /** P: the chance a stranger guessing at every door opens one within 24 h. */
  perDay: number;
  target: number;
  failedGuessCeilingPerDay: number;
  /** Most failed guesses per 24 h per door an offline bridge allows. */
  offlineGuessCeiling: number;
  weakestLength: number | null;
  pinsByLength: Array<{ length: number; count: number }>;
  /** ACTIVE PINs shorter than the length the target asks of a generated PIN now. */
  pinsBelowTargetLength: number;
  hardened: boolean;
  lockedOutLocks: number;
  /** Share of 24 h one attacker can keep one door locked out. */
  lockoutExposure: number;
  /** Share of 24 h one attacker can keep every keypad of the site shut. */
  siteLockoutExposure: number;
}

/** The guessing-risk figures of DESIGN.md rule 14, for admins of the site. */
export class SiteRiskService {
  constructor(private readonly hardening: SiteHardeningReader) {}

  async forSite(ctx: RequestContext, siteIdRaw: string): Promise<SiteGuessingRisk> {
    const siteId = parseId(siteIdRaw, 'siteId');
    requireAdmin(ctx, siteId);
    const em = ctx.em;
    const site = await em.findOneOrFail(Site, siteId);
    const [counts, { ceiling }, hardening] = await Promise.all([PinLengthCounts.read(em, siteId), readSiteCeiling(em, site), this.hardening(siteId, site)]);
    const risk = guessingRisk(ceiling, counts);
    const active = totalActive(counts);
    // The length the next generated PIN would take, under the same G as P.
    const wanted = generatedLength(site, ceiling, Math.max(0, active - 1));
    const exposure = lockoutExposure(site);
    return {
      perDay: risk.perDay,
      target: site.riskTarget,
      failedGuessCeilingPerDay: ceiling,
      offlineGuessCeiling: offlineGuessCeiling(site),
      weakestLength: risk.weakestLength,
      pinsByLength: [...counts].sort(([a], [b]) => a - b).map(([length, count]) => ({ length, count })),
      pinsBelowTargetLength: [...counts].filter(([length]) => length < wanted).reduce((sum, [, n]) => sum + n, 0),
      hardened: hardening.hardened,
      lockedOutLocks: hardening.lockedOutLocks,
      lockoutExposure: exposure.door,
      siteLockoutExposure: exposure.site,
    };
  }
}
