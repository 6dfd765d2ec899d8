import { createPubSub } from '@graphql-yoga/subscription';
import { DateTimeResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { LockoutResolver } from '../modules/access/lockout.resolver';
import { LockAccessResolver } from '../modules/access/lock-access.resolver';
import { PermissionResolver } from '../modules/access/permission.resolver';
import { EventResolver } from '../modules/events/event.resolver';
import { EventSubscriptionResolver } from '../modules/events/event-subscription.resolver';
import { LockResolver } from '../modules/lock/lock.resolver';
import { PinResolver } from '../modules/pin/pin.resolver';
import { SiteResolver } from '../modules/site/site.resolver';
import { TokenResolver } from '../modules/token/token.resolver';
import { CredentialResolver, SiteTokensResolver, UserSessionsResolver } from '../modules/token/credential.resolver';
import { SignInResolver } from '../modules/identity/sign-in.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { BridgeResolver, SiteBridgesResolver, TokenExposedPinsResolver } from '../modules/bridge/bridge.resolver';

export const resolvers: NonEmptyArray<Function> = [
  SiteResolver,
  UserResolver,
  LockResolver,
  PermissionResolver,
  PinResolver,
  TokenResolver,
  CredentialResolver,
  SiteTokensResolver,
  UserSessionsResolver,
  SignInResolver,
  EventResolver,
  EventSubscriptionResolver,
  LockAccessResolver,
  LockoutResolver,
  BridgeResolver,
  SiteBridgesResolver,
  TokenExposedPinsResolver,
];

/** The executable schema; type-graphql validates inputs only with `validate: true`. */
export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: true,
    // type-graphql insists on a pubSub once there are subscriptions; ours bring their own
    // `subscribe` (events come through the EventBus port), so this one carries nothing.
    pubSub: createPubSub(),
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}
