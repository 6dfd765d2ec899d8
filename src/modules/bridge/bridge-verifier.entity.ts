import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What one bridge checks typed digits against for one PIN: base64url(HMAC-SHA-256(K_b,
 * siteId + ":" + digits)) under that bridge's own key (bridge-keys.ts), never the pepper. Made
 * only while the server holds the digits (issuing a PIN, or an online GRANTED decision).
 */
@Entity({ tableName: 'bridge_verifier' })
@Index({ properties: ['pinId'] })
export class BridgeVerifier {
  @PrimaryKey({ type: 'string', length: 36 })
  tokenId!: string;

  @PrimaryKey({ type: 'string', length: 36 })
  pinId!: string;

  @Property({ type: 'string', length: 36 })
  siteId!: string;

  @Property({ type: 'string', length: 64 })
  verifier!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
