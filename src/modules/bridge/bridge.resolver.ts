import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { PinAssignmentType, PinType } from '../pin/pin.type';
import type { Site } from '../site/site.entity';
import { SiteType } from '../site/site.type';
import { CredentialType } from '../token/credential.type';
import type { AccessToken } from '../token/token.entity';
import { ExposedPinAction, OfflineDecisionInput } from './bridge.inputs';
import { BridgeKeyType, BridgeType, OfflineReportType, ReplicaPageType } from './bridge.type';

@Resolver()
export class BridgeResolver {
  @Query(() => BridgeKeyType, { description: "The calling bridge's key for offline decisions (BRIDGE tokens only); records that it was handed out." })
  bridgeKey(@Ctx() ctx: ApiContext) {
    return ctx.services.bridgeKeys.issue(ctx);
  }

  @Query(() => ReplicaPageType, {
    description:
      "A page of the calling bridge's replica (BRIDGE tokens only). `after` null: everything in scope; otherwise the users touched by the events in (after, upTo or now]. CURSOR_EXPIRED when events after `after` were deleted by retention: sync from scratch.",
  })
  bridgeReplica(
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Arg('upTo', () => ID, { nullable: true }) upTo: string | null,
    @Arg('afterUser', () => ID, { nullable: true }) afterUser: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 500, description: '1 to 1000 users per page.' }) first: number,
    @Ctx() ctx: ApiContext,
  ) {
    return ctx.services.bridgeReplica.page(ctx, { after, upTo, afterUser, first });
  }

  @Mutation(() => OfflineReportType, {
    description: 'Records decisions the calling bridge made offline (BRIDGE tokens only; at most 500; every lock in its scope). Nothing is recorded when any decision is refused.',
  })
  reportOfflineDecisions(@Arg('decisions', () => [OfflineDecisionInput]) decisions: OfflineDecisionInput[], @Ctx() ctx: ApiContext) {
    return ctx.services.offlineReports.report(ctx, decisions);
  }

  @Mutation(() => [PinAssignmentType], {
    description: 'Admins of the site: blocks (BLOCK, returns []) or re-issues (REISSUE) every exposed ACTIVE PIN of a revoked BRIDGE token, in one transaction.',
  })
  resolveExposedPins(@Arg('tokenId', () => ID) tokenId: string, @Arg('action', () => ExposedPinAction) action: ExposedPinAction, @Ctx() ctx: ApiContext) {
    return ctx.services.bridgeAdmin.resolve(ctx, tokenId, action);
  }
}

@Resolver(() => SiteType)
export class SiteBridgesResolver {
  @FieldResolver(() => [BridgeType], { description: 'The BRIDGE tokens of the site that are not revoked, with their sync state: for its admins.' })
  bridges(@Root() site: Site, @Ctx() ctx: ApiContext) {
    return ctx.services.bridgeAdmin.bridges(ctx, site.id);
  }
}

@Resolver(() => CredentialType)
export class TokenExposedPinsResolver {
  @FieldResolver(() => [PinType], {
    nullable: true,
    description: 'BRIDGE tokens: the ACTIVE PINs this bridge held a verifier for and which were in its scope (admins only); null for other kinds.',
  })
  exposedPins(@Root() token: AccessToken, @Ctx() ctx: ApiContext) {
    return ctx.services.bridgeAdmin.exposedPinsOf(ctx, token);
  }
}
