import type { Clock } from '../../shared/clock';
import type { RequestContext } from '../../shared/request-context';
import { AccessToken } from '../token/token.entity';
import type { BridgeKeys } from './bridge-keys';
import { requireBridge } from './bridge-replica.service';

export interface IssuedBridgeKey {
  tokenId: string;
  siteId: string;
  /** base64url of the 32-byte key. */
  key: string;
  /** The pepper version the key is derived from. */
  keyVersion: number;
  lockIds: string[] | null;
}

/** `bridgeKey`: a bridge's own key, to itself only; when it was handed out is recorded on the token. */
export class BridgeKeyService {
  constructor(
    private readonly keys: BridgeKeys,
    private readonly clock: Clock,
  ) {}

  async issue(ctx: RequestContext): Promise<IssuedBridgeKey> {
    const p = requireBridge(ctx);
    const { key, keyVersion } = await ctx.em.fork().transactional(async (tem) => {
      const row = await tem.findOneOrFail(AccessToken, p.tokenId);
      const versions = await this.keys.settle(tem, [row]);
      await tem.nativeUpdate(AccessToken, { id: p.tokenId }, { bridgeKeyIssuedAt: this.clock.now() });
      const version = versions.get(p.tokenId) as number;
      return { key: this.keys.key(p.tokenId, version), keyVersion: version };
    });
    return { tokenId: p.tokenId, siteId: p.siteId, key: key.toString('base64url'), keyVersion, lockIds: p.lockIds ? [...p.lockIds] : null };
  }
}
