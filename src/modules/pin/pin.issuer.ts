import type { EntityManager } from '@mikro-orm/knex';
import { candidateDigests, pinDigest, type PepperRing } from '../../shared/pin-digest';
import type { Site } from '../site/site.entity';
import { generatePinDigits, nextPinLength } from './pin.generator';
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

  /** Length of the next generated PIN: grows while ACTIVE PINs fill over 0.1% of a length's space. */
  async nextLength(em: EntityManager, site: Site): Promise<number> {
    const rows = (await em.execute(
      'select length, count(*) as n from pin where site_id = ? and status = ? group by length',
      [site.id, PinStatus.ACTIVE],
    )) as Array<{ length: number; n: number | string }>;
    const counts = new Map(rows.map((r) => [Number(r.length), Number(r.n)]));
    return nextPinLength(site.autoPinLength, (len) => counts.get(len) ?? 0);
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
