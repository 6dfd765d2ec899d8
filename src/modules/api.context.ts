import type { RequestContext } from '../shared/request-context';
import type { EventQueryService } from './events/event.service';
import type { EventStreamService } from './events/event-stream.service';
import type { LockAccessService } from './access/lock-access.service';
import type { LockoutAdminService } from './access/lockout.admin.service';
import type { LockService } from './lock/lock.service';
import type { PermissionService } from './access/permission.service';
import type { PinService } from './pin/pin.service';
import type { SignInService } from './identity/sign-in.service';
import type { SiteService } from './site/site.service';
import type { SiteRiskService } from './risk/site-risk.service';
import type { TokenService } from './token/token.service';
import type { UserService } from './user/user.service';
import type { BridgeAdminService } from './bridge/bridge-admin.service';
import type { BridgeKeyService } from './bridge/bridge-key.service';
import type { BridgeReplicaService } from './bridge/bridge-replica.service';
import type { OfflineReportService } from './bridge/offline-report.service';

/** The services resolvers delegate to; built once by the composition root. */
export interface Services {
  sites: SiteService;
  users: UserService;
  locks: LockService;
  permissions: PermissionService;
  pins: PinService;
  tokens: TokenService;
  signIn: SignInService;
  events: EventQueryService;
  eventStreams: EventStreamService;
  access: LockAccessService;
  lockouts: LockoutAdminService;
  risk: SiteRiskService;
  bridgeKeys: BridgeKeyService;
  bridgeReplica: BridgeReplicaService;
  offlineReports: OfflineReportService;
  bridgeAdmin: BridgeAdminService;
}

/** The GraphQL context: the request context plus the services, for HTTP and WebSocket alike. */
export interface ApiContext extends RequestContext {
  services: Services;
  /** The client's address (X-Forwarded-For with TRUST_PROXY), for per-address limits; HTTP only. */
  clientAddress?: string;
}
