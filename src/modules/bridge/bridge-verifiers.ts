import type { EntityManager } from '@mikro-orm/knex';
import { AccessToken, PrincipalKind } from '../token/token.entity';
import type { BridgeKeys, KeyedBridge } from './bridge-keys';
import { BridgeVerifier } from './bridge-verifier.entity';

/** A PIN granted online, with the digits typed for it (kept only until its verifiers are written). */
export interface VerifierFill {
  siteId: string;
  pinId: string;
  digits: string;
}

/** How long a node trusts that a PIN it filled has every verifier (new bridges wait this long at most). */
const CHECKED_TTL_MS = 5 * 60_000;
const MAX_CHECKED = 50_000;

/**
 * Makes the verifiers of offline doors while the server holds a PIN's digits: one per live (not
 * revoked, not expired) BRIDGE token of the site. In the transaction that issues a PIN
 * (`forPin`), and after an online GRANTED decision for a PIN some live bridge lacks (`schedule`,
 * off the answer's path). Digits never leave the call; errors are reported without them.
 */
export class BridgeVerifiers {
  private readonly running = new Map<string, Promise<void>>();
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly keys: BridgeKeys,
    private readonly fork: () => EntityManager,
    private readonly now: () => Date,
    /** Called with the PIN id and the error's name only. */
    private readonly onError: (pinId: string, err: unknown) => void = () => undefined,
  ) {}

  /** The site's live bridges (id and key version). */
  async liveBridges(em: EntityManager, siteId: string): Promise<KeyedBridge[]> {
    return em.find(
      AccessToken,
      { site: siteId, kind: PrincipalKind.BRIDGE, revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: this.now() } }] },
      { fields: ['id', 'bridgeKeyVersion'], orderBy: { id: 'asc' } },
    );
  }

  /**
   * Writes one verifier per live bridge for a PIN, inside the caller's transaction (the one that
   * issues it). Existing ones are left as they are.
   */
  async forPin(em: EntityManager, siteId: string, pinId: string, digits: string): Promise<number> {
    const bridges = await this.liveBridges(em, siteId);
    return this.write(em, siteId, pinId, digits, bridges);
  }

  /** Deletes the verifiers of PINs whose digits are gone (replaced, or their user deleted). */
  async removeForPins(em: EntityManager, pinIds: readonly string[]): Promise<void> {
    if (pinIds.length > 0) await em.nativeDelete(BridgeVerifier, { pinId: { $in: [...pinIds] } });
  }

  /**
   * After a GRANTED online decision: adds the verifiers the PIN lacks for live bridges of its site,
   * in the background (never throws). A PIN checked on this node in the last minutes is skipped.
   */
  schedule(fill: VerifierFill): void {
    const at = Date.now();
    const last = this.checked.get(fill.pinId);
    if ((last !== undefined && at - last < CHECKED_TTL_MS) || this.running.has(fill.pinId)) return;
    const run = this.fill(fill)
      .then(() => {
        if (this.checked.size >= MAX_CHECKED) this.checked.clear();
        this.checked.set(fill.pinId, at);
      })
      .catch((err) => this.onError(fill.pinId, err))
      .finally(() => this.running.delete(fill.pinId));
    this.running.set(fill.pinId, run);
  }

  /**
   * The missing verifiers of one PIN, written now (conditional: a verifier written meanwhile by
   * another node stays). Only while the PIN is still ACTIVE or BLOCKED. Resolves to how many were
   * written.
   */
  async fill(fill: VerifierFill): Promise<number> {
    const em = this.fork();
    const [bridges, have, live] = await Promise.all([
      this.liveBridges(em, fill.siteId),
      em.find(BridgeVerifier, { pinId: fill.pinId }, { fields: ['tokenId'] }),
      em.execute(`select id from pin where id = ? and site_id = ? and status in ('ACTIVE', 'BLOCKED')`, [fill.pinId, fill.siteId]),
    ]);
    if ((live as unknown[]).length === 0) return 0;
    const present = new Set(have.map((v) => v.tokenId));
    const missing = bridges.filter((b) => !present.has(b.id));
    if (missing.length === 0) return 0;
    return em.transactional((tem) => this.write(tem, fill.siteId, fill.pinId, fill.digits, missing));
  }

  /** Waits for the fills in flight (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  private async write(em: EntityManager, siteId: string, pinId: string, digits: string, bridges: readonly KeyedBridge[]): Promise<number> {
    if (bridges.length === 0) return 0;
    const versions = await this.keys.settle(em, bridges);
    const createdAt = this.now();
    const rows = bridges.map((b) => ({
      tokenId: b.id,
      pinId,
      siteId,
      verifier: this.keys.verifier(this.keys.key(b.id, versions.get(b.id) ?? 0), siteId, digits),
      createdAt,
    }));
    await em.createQueryBuilder(BridgeVerifier).insert(rows).onConflict(['tokenId', 'pinId']).ignore().execute();
    return rows.length;
  }
}
