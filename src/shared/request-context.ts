import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from './principal';

/** What every service method takes first: one forked EntityManager per operation, and the caller. */
export interface RequestContext {
  em: EntityManager;
  principal: Principal | null;
}
