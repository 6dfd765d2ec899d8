import type { Config } from './config';
import { loadOrCreatePepper } from './infra/pepper.file';
import type { Logger } from './infra/logger';
import { openDatabase, type Database } from './infra/orm/orm.factory';
import type { Services } from './modules/api.context';
import { PermissionService } from './modules/access/permission.service';
import { EventLog } from './modules/events/event.log';
import { EventQueryService } from './modules/events/event.service';
import { LockService } from './modules/lock/lock.service';
import { PinIssuer } from './modules/pin/pin.issuer';
import { PinService } from './modules/pin/pin.service';
import { SiteService } from './modules/site/site.service';
import { TokenService } from './modules/token/token.service';
import { UserService } from './modules/user/user.service';
import { systemClock, type Clock } from './shared/clock';
import { singlePepper } from './shared/pin-digest';

/** The process-wide parts every entry point (server, CLI, tests) shares: database and services. */
export interface Core {
  config: Config;
  logger: Logger;
  db: Database;
  eventLog: EventLog;
  services: Services;
  close(): Promise<void>;
}

export interface CoreOptions {
  clock?: Clock;
}

export async function createCore(config: Config, logger: Logger, options: CoreOptions = {}): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const pepper = config.pinPepper ?? loadOrCreatePepper(config.dataDir, logger);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const eventLog = new EventLog(() => clock.now());
  const services: Services = {
    sites: new SiteService(),
    users: new UserService(),
    locks: new LockService(),
    permissions: new PermissionService(),
    pins: new PinService(new PinIssuer(singlePepper(pepper)), eventLog, clock),
    tokens: new TokenService(),
    events: new EventQueryService(),
  };
  return { config, logger, db, eventLog, services, close: () => db.close() };
}
