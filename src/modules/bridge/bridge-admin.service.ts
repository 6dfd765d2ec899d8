import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { isAdminOf, requireAdmin } from '../../shared/authorize';
import type { Clock } from '../../shared/clock';
import { badInput, forbidden, notFound } from '../../shared/errors';
import { parseId } from '../../shared/ids';
import { actorId } from '../../shared/principal';
import type { RequestContext } from '../../shared/request-context';
import type { AccessCacheSync, CacheTargets } from '../access/access-cache.sync';
import { PinEventType } from '../events/event.entity';
import type { EventDraft, EventLog } from '../events/event.log';
import { Lock } from '../lock/lock.entity';
import type { PinIssuer } from '../pin/pin.issuer';
import { Pin, PinKind, PinStatus } from '../pin/pin.entity';
import { PinLengthCounts } from '../pin/pin-length.counts';
import type { PinAssignment } from '../pin/pin.service';
import { Site } from '../site/site.entity';
import { AccessToken, PrincipalKind } from '../token/token.entity';
import type { TokenUsageTracker } from '../token/token-usage.tracker';
import type { BridgeVerifiers } from './bridge-verifiers';
import { BridgeVerifier } from './bridge-verifier.entity';
import { ExposedPinAction } from './bridge.inputs';

/** A bridge is online when seen within this long. */
export const BRIDGE_ONLINE_MS = 90_000;
const REISSUE_ATTEMPTS = 5;

export interface BridgeStatus {
  id: string;
  name: string | null;
  lockIds: string[] | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  lastSyncedAt: Date | null;
  replicaCursor: string | null;
  replicaSize: number | null;
  online: boolean;
}

/**
 * What admins see and do about bridges and offline doors: the site's bridges and their sync
 * state, the PINs a bridge held verifiers for (exposed once its token is revoked, e.g. stolen),
 * and blocking or re-issuing them all at once.
 */
export class BridgeAdminService {
  constructor(
    private readonly deps: {
      events: EventLog;
      sync: AccessCacheSync;
      issuer: PinIssuer;
      verifiers: BridgeVerifiers;
      usage: TokenUsageTracker;
      clock: Clock;
    },
  ) {}

  /** The site's BRIDGE tokens that are not revoked, by creation: for its admins. */
  async bridges(ctx: RequestContext, siteId: string): Promise<BridgeStatus[]> {
    requireAdmin(ctx, siteId);
    const rows = await ctx.em.find(AccessToken, { site: siteId, kind: PrincipalKind.BRIDGE, revokedAt: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const now = this.deps.clock.now().getTime();
    return rows.map((row) => {
      const seen = Math.max(this.deps.usage.lastSeen(row.id) ?? 0, row.lastUsedAt?.getTime() ?? 0);
      return {
        id: row.id,
        name: row.name,
        lockIds: row.lockIds ? row.lockIds.split(',') : null,
        createdAt: row.createdAt,
        lastSeenAt: seen > 0 ? new Date(seen) : null,
        lastSyncedAt: row.lastSyncedAt,
        replicaCursor: row.replicaCursor === null ? null : String(row.replicaCursor),
        replicaSize: row.replicaSize,
        online: seen > 0 && now - seen <= BRIDGE_ONLINE_MS,
      };
    });
  }

  /** `Token.exposedPins`: admins of the token's site only; null for tokens that are not bridges. */
  async exposedPinsOf(ctx: RequestContext, token: AccessToken): Promise<Pin[] | null> {
    if (token.kind !== PrincipalKind.BRIDGE) return null;
    if (!ctx.principal || !isAdminOf(ctx.principal, token.site.id)) throw forbidden('Only an admin of the site may see exposed PINs');
    return this.exposed(ctx.em, token);
  }

  /**
   * ACTIVE PINs this bridge held a verifier for and which were in its scope: PINs with a verifier
   * of the token whose user holds a permission at one of its locks (any lock of the site when
   * unscoped). A user whose permission there was taken away since is left out, as the bridge's
   * replica dropped them.
   */
  private async exposed(em: EntityManager, token: AccessToken): Promise<Pin[]> {
    const verifiers = await em.find(BridgeVerifier, { tokenId: token.id }, { fields: ['pinId'] });
    if (verifiers.length === 0) return [];
    const pins = await em.find(Pin, { id: { $in: verifiers.map((v) => v.pinId) }, site: token.site.id, status: PinStatus.ACTIVE }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    if (pins.length === 0) return [];
    const lockIds = token.lockIds ? token.lockIds.split(',') : (await em.find(Lock, { site: token.site.id }, { fields: ['id'] })).map((l) => l.id);
    if (lockIds.length === 0) return [];
    const rows = (await em.execute(
      `select distinct user_id from permission where user_id in (${pins.map(() => '?').join(', ')}) and lock_id in (${lockIds.map(() => '?').join(', ')})`,
      [...pins.map((x) => x.user.id), ...lockIds],
    )) as Array<{ user_id: string }>;
    const inScope = new Set(rows.map((r) => r.user_id));
    return pins.filter((x) => inScope.has(x.user.id));
  }

  /**
   * Blocks, or re-issues, every exposed PIN of a revoked BRIDGE token in one transaction, with the
   * events and cache writes of the ordinary block and re-assign paths. REISSUE gives each exposed
   * AUTO PIN new generated digits (returned once, here); an exposed CUSTOM PIN is blocked instead,
   * since only its user may choose digits.
   */
  async resolve(ctx: RequestContext, tokenIdRaw: string, action: ExposedPinAction): Promise<PinAssignment[]> {
    const tokenId = parseId(tokenIdRaw, 'tokenId');
    if (!Object.values(ExposedPinAction).includes(action)) throw badInput('action must be BLOCK or REISSUE', 'action');
    const p = ctx.principal;
    const token = await ctx.em.findOne(AccessToken, tokenId);
    if (!token || !p || token.site.id !== p.siteId) throw notFound('Token');
    requireAdmin(ctx, token.site.id, 'Token');
    if (token.kind !== PrincipalKind.BRIDGE || token.revokedAt === null) throw badInput('Only the exposed PINs of a revoked bridge token can be resolved', 'tokenId');
    const siteId = token.site.id;
    const actor = actorId(p);
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await ctx.em.fork().transactional(async (tem) => {
          const site = await tem.findOneOrFail(Site, siteId);
          const exposed = await this.exposed(tem, await tem.findOneOrFail(AccessToken, tokenId));
          const now = this.deps.clock.now();
          const drafts: EventDraft[] = [];
          const created: Array<{ pin: Pin; code: string }> = [];
          const replaced: Pin[] = [];
          for (const pin of exposed) {
            await PinLengthCounts.add(tem, siteId, pin.length, -1);
            if (action === ExposedPinAction.REISSUE && pin.kind === PinKind.AUTO) {
              Object.assign(pin, { status: PinStatus.REPLACED, retiredAt: now });
              await tem.flush();
              const code = await this.deps.issuer.generate(tem, site, pin.user.id, now);
              const fresh = tem.create(Pin, { site, user: pin.user, kind: pin.kind, ...this.deps.issuer.digestFor(siteId, code), length: code.length, createdAt: now, createdBy: actor });
              await tem.flush();
              await PinLengthCounts.add(tem, siteId, fresh.length, 1);
              await this.deps.verifiers.forPin(tem, siteId, fresh.id, code);
              created.push({ pin: fresh, code });
              replaced.push(pin);
              drafts.push({ type: PinEventType.PIN_REASSIGNED, userId: pin.user.id, pinId: fresh.id });
            } else {
              Object.assign(pin, { status: PinStatus.BLOCKED, blockedAt: now, blockedBy: actor });
              drafts.push({ type: PinEventType.PIN_BLOCKED, userId: pin.user.id, pinId: pin.id });
            }
          }
          await tem.flush();
          await this.deps.verifiers.removeForPins(tem, replaced.map((x) => x.id));
          const records = await this.deps.events.append(tem, siteId, drafts);
          const targets: CacheTargets = { pins: [...exposed, ...created.map((c) => c.pin)].map((x) => ({ siteId, digest: x.digest })) };
          const bumped = records.length > 0 && (await this.deps.sync.markPending(tem, targets, records[records.length - 1].seq));
          return { records, targets, bumped, created };
        });
        this.deps.events.committed(out.records);
        if (out.records.length > 0) await this.deps.sync.refresh(ctx.em.fork(), out.targets, out.bumped);
        const ids = out.created.map((c) => c.pin.id);
        const fresh = ids.length ? await ctx.em.find(Pin, { id: { $in: ids } }) : [];
        return out.created.map((c) => ({ pin: fresh.find((x) => x.id === c.pin.id) ?? c.pin, code: c.code }));
      } catch (err) {
        // Generated digits that lost a race to another PIN: try the whole set again.
        if (attempt < REISSUE_ATTEMPTS && err instanceof UniqueConstraintViolationException) continue;
        throw err;
      }
    }
  }
}
