import type { Core } from '../../src/core.factory';
import { Permission } from '../../src/modules/access/permission.entity';
import { Lock } from '../../src/modules/lock/lock.entity';
import { PinKind } from '../../src/modules/pin/pin.entity';
import { SitePlan } from '../../src/modules/site/site.entity';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { Role, User } from '../../src/modules/user/user.entity';
import { newId } from '../../src/shared/ids';
import type { Principal } from '../../src/shared/principal';

/** A lock a PIN holder may open, or (for phase c) one they may not. */
export interface LockPin {
  lockId: string;
  pin: string;
}

export interface SeededBenchSite {
  siteId: string;
  adminToken: string;
  bridgeToken: string;
  lockIds: string[];
  users: number;
  pinsIssued: number;
  permissions: number;
  /** One (lock, PIN) per PIN holder at a lock they hold a permission for: GRANTED. */
  granted: LockPin[];
  /** One (lock, PIN) per PIN holder at a lock they hold no permission for: NO_PERMISSION. */
  noPermission: LockPin[];
  seconds: number;
}

export interface SeedOptions {
  users: number;
  locks: number;
  pins: number;
  concurrency: number;
  progress: (line: string) => void;
}

const CHUNK = 1000;

/**
 * User i (0-based) may open locks i % L and (i + 7) % L, all day, every day; lock (i + L/2) % L is
 * theirs to be refused at. The site, admin, tokens and PINs go through the services (PINs need
 * the pepper and the issuing rules); users, locks and permissions are bulk inserts.
 */
export async function seedBenchSite(core: Core, opts: SeedOptions): Promise<SeededBenchSite> {
  const started = Date.now();
  const { services, db } = core;
  const em = db.fork();
  const { site, admin } = await services.sites.createSite(em, {
    name: 'Bench tower',
    plan: SitePlan.PRO,
    timezone: 'Europe/Madrid',
    adminName: 'Bench Admin',
    adminEmail: 'bench-admin@example.com',
  });
  const adminToken = await services.tokens.issue(em, { kind: PrincipalKind.USER, site, user: admin, createdBy: 'bench' });
  const bridgeToken = await services.tokens.issue(em, { kind: PrincipalKind.BRIDGE, site, name: 'bench bridge', createdBy: 'bench' });

  const now = new Date();
  const lockIds = Array.from({ length: opts.locks }, () => newId());
  await db.fork().insertMany(
    Lock,
    lockIds.map((id, i) => ({ id, site: site.id, name: `Door ${i + 1}`, pinEnabled: true, createdAt: now })),
  );

  const userIds = Array.from({ length: opts.users }, () => newId());
  for (let from = 0; from < userIds.length; from += CHUNK) {
    const rows = userIds.slice(from, from + CHUNK).map((id, k) => ({
      id,
      site: site.id,
      name: `Bench user ${from + k + 1}`,
      email: null,
      slackUserId: null,
      role: Role.USER,
      createdAt: now,
    }));
    await db.fork().insertMany(User, rows);
    opts.progress(`seeding users ${Math.min(from + CHUNK, userIds.length)}/${userIds.length}`);
  }

  const L = opts.locks;
  const allowed = (i: number) => [i % L, (i + 7) % L];
  const denyOffset = Math.floor(L / 2) === 7 ? 8 : Math.floor(L / 2);
  const refused = (i: number) => (i + denyOffset) % L;
  let permissions = 0;
  for (let from = 0; from < userIds.length; from += CHUNK / 2) {
    const rows = userIds.slice(from, from + CHUNK / 2).flatMap((userId, k) =>
      allowed(from + k).map((l) => ({
        id: newId(),
        user: userId,
        lock: lockIds[l],
        scheduleDays: null,
        scheduleStart: null,
        scheduleEnd: null,
        validFrom: null,
        validUntil: null,
        createdAt: now,
      })),
    );
    await db.fork().insertMany(Permission, rows);
    permissions += rows.length;
    opts.progress(`seeding permissions ${permissions}/${userIds.length * 2}`);
  }

  const principal: Principal = { kind: 'USER', tokenId: adminToken.id, siteId: site.id, userId: admin.id, role: 'ADMIN' };
  const codes: string[] = new Array(opts.pins);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < opts.pins; i = next++) {
      const { code } = await services.pins.assign({ em: db.fork(), principal }, { userId: userIds[i], kind: PinKind.AUTO });
      codes[i] = code;
      done++;
      if (done % 100 === 0 || done === opts.pins) opts.progress(`seeding PINs ${done}/${opts.pins} (PinService.assign)`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));

  const granted = codes.map((pin, i) => ({ lockId: lockIds[allowed(i)[i % 2]], pin }));
  const noPermission = codes.map((pin, i) => ({ lockId: lockIds[refused(i)], pin }));
  return {
    siteId: site.id,
    adminToken: adminToken.token,
    bridgeToken: bridgeToken.token,
    lockIds,
    users: userIds.length,
    pinsIssued: opts.pins,
    permissions,
    granted,
    noPermission,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
