import type { EntityManager } from '@mikro-orm/knex';
import { candidateDigests, pinDigest, type PepperRing } from '../../shared/pin-digest';
import type { Site } from '../site/site.entity';
import { generatedLength, readSiteCeiling } from '../risk/site-guess-ceiling';
import { generatePinDigits } from './pin.generator';
import { PinLengthCounts, totalActive } from './pin-length.counts';
import { Pin, PinStatus } from './pin.entity';

const DAY_MS = 86_400_000;

/**
 * Finds digits that may be handed to a user: knows the pepper, the collision and quarantine rules
 * (DESIGN.md rules 2-4, 6). Never keeps digits beyond the call.
 */
export class PinIssuer {
  constructor(private readonly peppers: PepperRing) {}

  digestFor(siteId: string, digits: string): { digest: string; keyVersion: number } {
    const keyVersion = this.peppers.current;
    return { digest: pinDigest(this.peppers, keyVersion, siteId, digits), keyVersion };
  }

  /**
   * True when these digits are held (ACTIVE or BLOCKED) by anyone on the site, or were retired
   * from another user less than `pinReuseQuarantineDays` ago.
   */
  async isTaken(em: EntityManager, site: Site, userId: string, digits: string, now: Date): Promise<boolean> {
    const digests = candidateDigests(this.peppers, site.id, digits).map(([, d]) => d);
    const since = new Date(now.getTime() - site.pinReuseQuarantineDays * DAY_MS);
    const hits = await em.count(Pin, {
      site: site.id,
      digest: { $in: digests },
      $or: [
        { status: { $in: [PinStatus.ACTIVE, PinStatus.BLOCKED] } },
        { status: PinStatus.REPLACED, retiredAt: { $gt: since }, user: { $ne: userId } },
      ],
    });
    return hits > 0;
  }

  /**
   * Length of the next generated PIN (DESIGN.md rules 6, 14): at least the policy's, and the
   * shortest that keeps the guessing risk at or under the site's target were every ACTIVE PIN of
   * that length. G is the one `Site.guessingRisk` shows (`readSiteCeiling`): online for any number
   * of doors, plus the offline guesses of every door a live bridge serves. Reads the site's
   * counters, locks and bridge tokens, never its PINs.
   */
  async nextLength(em: EntityManager, site: Site): Promise<number> {
    // In turn: inside the issuing transaction both would share one connection.
    const counts = await PinLengthCounts.read(em, site.id);
    const { ceiling } = await readSiteCeiling(em, site);
    return generatedLength(site, ceiling, totalActive(counts));
  }

  /** Fresh random digits for `userId`, not weak, not taken, not quarantined. */
  async generate(em: EntityManager, site: Site, userId: string, now: Date): Promise<string> {
    const length = await this.nextLength(em, site);
    for (let attempt = 0; attempt < 1000; attempt++) {
      const digits = generatePinDigits(length);
      if (!(await this.isTaken(em, site, userId, digits, now))) return digits;
    }
    throw new Error('could not find a free PIN');
  }
}
