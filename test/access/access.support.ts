import type { RunningApp } from '../../src/app';
import { gql, gqlOk, type GqlResponse } from '../support/graphql.client';
import type { SeededSite } from '../support/test-app';
import * as op from '../e2e/domain.operations';
import { userSession } from '../support/user-session.support';

export const LOCK_ACCESS = `query($lockId: ID!, $pin: String!) { lockAccess(lockId: $lockId, pin: $pin) { granted reason retryAfterSeconds decidedAt lock { id } user { id } } }`;

/** Asks a node for a door decision with a bridge token. */
export async function access(url: string, token: string, lockId: string, pin: string): Promise<{ granted: boolean; reason: string; retryAfterSeconds: number | null; user: { id: string } | null; res: GqlResponse }> {
  const res = await gql(url, LOCK_ACCESS, { lockId, pin }, token);
  if (!res.data?.lockAccess) throw new Error(`lockAccess failed: ${JSON.stringify(res.errors)}`);
  return { ...res.data.lockAccess, res };
}

/** Sum of a counter of a node's /metrics registry, over the label values that match. */
export async function counter(app: RunningApp, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = app.core.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((sum, v) => sum + v.value, 0);
}

/** PIN look-ups a node made (cache hits and misses alike). */
export const pinLookups = (app: RunningApp): Promise<number> => counter(app, 'pingate_access_cache_reads_total', { kind: 'pin' });
export const decisions = (app: RunningApp): Promise<number> => counter(app, 'pingate_lock_decisions_total');

export interface Door {
  userId: string;
  userToken: string;
  lockId: string;
  bridgeToken: string;
  pinId: string;
  code: string;
}

/** A user with an AUTO PIN and a permission at a new lock, and a bridge token of the site. */
export async function door(url: string, s: SeededSite, grant: Record<string, unknown> = {}, lockInput: Record<string, unknown> = {}): Promise<Door> {
  const { createUser } = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Door user' } }, s.adminToken);
  const session = await userSession(url, s.adminToken, createUser.id);
  const { createLock } = await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Door', ...lockInput } }, s.adminToken);
  await gqlOk(url, op.GRANT, { input: { userId: createUser.id, lockId: createLock.id, ...grant } }, s.adminToken);
  const { assignPin } = await gqlOk(url, op.ASSIGN, { input: {} }, session.token);
  const { createBridgeToken } = await gqlOk(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'bridge' } }, s.adminToken);
  return { userId: createUser.id, userToken: session.token, lockId: createLock.id, bridgeToken: createBridgeToken.token, pinId: assignPin.pin.id, code: assignPin.code };
}

/** A wrong PIN of the same length that is not weak-looking noise. */
export const wrongPin = (code: string, i = 0): string => {
  const n = (Number(code) + 104729 * (i + 1)) % 10 ** code.length;
  return String(n).padStart(code.length, '0');
};
