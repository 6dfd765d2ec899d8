import { createHmac } from 'node:crypto';
import { gqlOk } from '../support/graphql.client';
import type { SeededSite, TestApp } from '../support/test-app';

export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
export const CREATE_LOCK = `mutation($input: CreateLockInput!) { createLock(input: $input) { id } }`;
export const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }`;
export const REVOKE_ACCESS = `mutation($id: ID!) { revokeAccess(permissionId: $id) }`;
export const DELETE_USER = `mutation($id: ID!) { deleteUser(userId: $id) }`;
export const ASSIGN = `mutation($userId: ID!) { assignPin(input: { userId: $userId }) { code pin { id } } }`;
export const REASSIGN = `mutation($pinId: ID!) { reassignPin(input: { pinId: $pinId }) { code pin { id } } }`;
export const BLOCK = `mutation($pinId: ID!) { blockPin(pinId: $pinId) { id status } }`;
export const BRIDGE_TOKEN = `mutation($input: CreateBridgeTokenInput!) { createBridgeToken(input: $input) { id token } }`;
export const SERVICE_TOKEN = `mutation($siteId: ID!) { createServiceToken(siteId: $siteId, name: "Slack") { id token } }`;
export const REVOKE_TOKEN = `mutation($id: ID!) { revokeToken(id: $id) }`;
export const LOCK_ACCESS = `query($lockId: ID!, $pin: String!) { lockAccess(lockId: $lockId, pin: $pin) { granted reason } }`;
export const BRIDGE_KEY = `{ bridgeKey { tokenId siteId key lockIds } }`;
export const REPLICA = `query($after: ID, $upTo: ID, $afterUser: ID, $first: Int) {
  bridgeReplica(after: $after, upTo: $upTo, afterUser: $afterUser, first: $first) {
    cursor nextUserId removedUserIds
    policy { timezone offlineMaxFailedAttempts offlineLockoutSeconds offlineGraceHours }
    locks { id pinEnabled }
    entries { userId pins { id kind status verifier } permissions { lockId schedule { days start end } validFrom validUntil } }
  }
}`;
export const REPORT = `mutation($decisions: [OfflineDecisionInput!]!) { reportOfflineDecisions(decisions: $decisions) { recorded duplicates } }`;
export const BRIDGES = `query($id: ID!) { site(id: $id) { bridges { id name lockIds createdAt lastSeenAt lastSyncedAt replicaCursor replicaSize online } } }`;
export const EXPOSED = `query($id: ID!) { site(id: $id) { tokens(includeRevoked: true, first: 20) { id kind exposedPins { id status } } } }`;
export const RESOLVE = `mutation($tokenId: ID!, $action: ExposedPinAction!) { resolveExposedPins(tokenId: $tokenId, action: $action) { code pin { id status kind } } }`;
export const EVENTS = `query($siteId: ID!, $after: ID) { pinEvents(siteId: $siteId, after: $after, first: 100) { id type reason at actorId offline lock { id } user { id } pin { id } } }`;

export interface Bridge {
  id: string;
  token: string;
}

/** What the bridge computes from typed digits: base64url(HMAC-SHA-256(K_b, siteId + ":" + digits)). */
export const verifierOf = (keyB64: string, siteId: string, digits: string): string =>
  createHmac('sha256', Buffer.from(keyB64, 'base64url')).update(`${siteId}:${digits}`).digest('base64url');

/** A small site: locks, users with a permission at `lockIndex`, a bridge. */
export class OfflineSite {
  constructor(
    readonly t: TestApp,
    readonly s: SeededSite,
  ) {}

  get url(): string {
    return this.t.url;
  }

  admin<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return gqlOk<T>(this.url, query, variables, this.s.adminToken);
  }

  async lock(name = 'Door'): Promise<string> {
    return (await this.admin(CREATE_LOCK, { input: { siteId: this.s.siteId, name } })).createLock.id;
  }

  async user(name = 'Bea'): Promise<string> {
    return (await this.admin(CREATE_USER, { input: { siteId: this.s.siteId, name } })).createUser.id;
  }

  async grant(userId: string, lockId: string): Promise<string> {
    return (await this.admin(GRANT, { input: { userId, lockId } })).grantAccess.id;
  }

  async assign(userId: string): Promise<{ code: string; pinId: string }> {
    const { assignPin } = await this.admin(ASSIGN, { userId });
    return { code: assignPin.code, pinId: assignPin.pin.id };
  }

  async bridge(name = 'Bridge', lockIds: string[] | null = null): Promise<Bridge> {
    const { createBridgeToken } = await this.admin(BRIDGE_TOKEN, { input: { siteId: this.s.siteId, name, ...(lockIds ? { lockIds } : {}) } });
    return createBridgeToken;
  }

  async key(bridge: Bridge): Promise<string> {
    return (await gqlOk(this.url, BRIDGE_KEY, {}, bridge.token)).bridgeKey.key;
  }

  async replica(bridge: Bridge, vars: Record<string, unknown> = {}): Promise<any> {
    return (await gqlOk(this.url, REPLICA, vars, bridge.token)).bridgeReplica;
  }

  /** Every page of one change set. */
  async sync(bridge: Bridge, after: string | null = null, first = 500): Promise<{ cursor: string; entries: any[]; removed: string[]; pages: number }> {
    let page = await this.replica(bridge, { after, first });
    const cursor = page.cursor;
    const entries = [...page.entries];
    const removed = [...page.removedUserIds];
    let pages = 1;
    while (page.nextUserId) {
      page = await this.replica(bridge, { after, upTo: cursor, afterUser: page.nextUserId, first });
      expect(page.cursor).toBe(cursor);
      entries.push(...page.entries);
      removed.push(...page.removedUserIds);
      pages++;
    }
    return { cursor, entries, removed, pages };
  }
}
