import { createHmac } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { PepperRing } from '../../shared/pin-digest';
import { AccessToken } from '../token/token.entity';
import { BridgeVerifier } from './bridge-verifier.entity';

const KEY_LABEL = 'pingate:bridge-key:v1:';

/** A bridge token as far as its key is concerned. */
export interface KeyedBridge {
  id: string;
  bridgeKeyVersion: number | null;
}

/**
 * The bridges' keys (offline doors): K_b = HMAC-SHA-256(pepper[v], "pingate:bridge-key:v1:" +
 * tokenId), where v is the pepper version current when the key was first derived for that token,
 * kept on the token row. The pepper never leaves the process; a key leaves it only through
 * `bridgeKey`, to its own bridge.
 */
export class BridgeKeys {
  constructor(private readonly peppers: PepperRing) {}

  /** The key of a bridge under pepper `version`. Throws when that version is not configured. */
  key(tokenId: string, version: number): Buffer {
    const pepper = this.peppers.keys.get(version);
    if (!pepper) throw new Error(`no pepper for key version ${version}`);
    return createHmac('sha256', pepper).update(KEY_LABEL + tokenId).digest();
  }

  /** base64url(HMAC-SHA-256(key, siteId + ":" + digits)): what the bridge computes from typed digits. */
  verifier(key: Buffer, siteId: string, digits: string): string {
    return createHmac('sha256', key).update(`${siteId}:${digits}`).digest('base64url');
  }

  /** The version a token's key is derived from: its stored one while configured, else the current one. */
  usable(stored: number | null): number | null {
    return stored !== null && this.peppers.keys.has(stored) ? stored : null;
  }

  /**
   * The key version of each bridge, settling the ones without a usable version on the current
   * pepper (inside the caller's transaction). A bridge whose pepper is no longer configured gets a
   * new key: its verifiers under the old one are deleted, and it must fetch `bridgeKey` again.
   */
  async settle(em: EntityManager, bridges: readonly KeyedBridge[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    const unsettled: KeyedBridge[] = [];
    for (const b of bridges) {
      const v = this.usable(b.bridgeKeyVersion);
      if (v === null) unsettled.push(b);
      else versions.set(b.id, v);
    }
    for (const b of unsettled) {
      // Conditional, so concurrent first derivations on several nodes agree on one version.
      await em.nativeUpdate(AccessToken, b.bridgeKeyVersion === null ? { id: b.id, bridgeKeyVersion: null } : { id: b.id, bridgeKeyVersion: b.bridgeKeyVersion }, { bridgeKeyVersion: this.peppers.current });
      const row = await em.findOneOrFail(AccessToken, b.id, { fields: ['id', 'bridgeKeyVersion'], refresh: true });
      if (b.bridgeKeyVersion !== null && row.bridgeKeyVersion !== b.bridgeKeyVersion) await em.nativeDelete(BridgeVerifier, { tokenId: b.id });
      versions.set(b.id, row.bridgeKeyVersion ?? this.peppers.current);
    }
    return versions;
  }
}
