import type { EntityManager } from '@mikro-orm/knex';
import type { LockoutCounters } from '../access/lockout.port';
import { Lock } from '../lock/lock.entity';
import type { SiteHardeningReader } from './site-risk.service';

/**
 * Reads a site's hardening and how many of its PIN-enabled doors are locked out now, from the
 * lockout counters (Redis, or the database when Redis is down). Counts nothing.
 */
export function lockoutHardeningReader(lockout: LockoutCounters, fork: () => EntityManager): SiteHardeningReader {
  return async (siteId, site) => {
    const locks = await fork().find(Lock, { site: siteId, pinEnabled: true }, { fields: ['id'] });
    const [stage, doors] = await Promise.all([
      lockout.siteStatus(siteId, site),
      Promise.all(locks.map((lock) => lockout.status({ siteId, lockId: lock.id }))),
    ]);
    return { hardened: stage.hardened, lockedOutLocks: doors.filter((d) => d.lockedOut).length };
  };
}
