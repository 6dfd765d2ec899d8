import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { ApiContext } from '../api.context';
import { LockType } from '../lock/lock.type';
import { PinType } from '../pin/pin.type';
import { SiteType } from '../site/site.type';
import { UserType } from '../user/user.type';
import type { EventRecord } from './event.entity';
import { PinEventObject } from './event.type';

@Resolver(() => PinEventObject)
export class EventResolver {
  @Query(() => [PinEventObject], {
    description: 'The event log of a site, oldest first, after the cursor; with `last`, its newest events before `before` (a page back in time).',
  })
  pinEvents(
    @Arg('siteId', () => ID) siteId: string,
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number,
    @Arg('before', () => ID, { nullable: true, description: 'Only events older than this cursor.' }) before: string | null,
    @Arg('last', () => Int, { nullable: true, description: '1 to 1000: the newest events of the range instead of the oldest `first` (still oldest first).' }) last: number | null,
    @Ctx() ctx: ApiContext,
  ) {
    return ctx.services.events.list(ctx, siteId, after, first, { before, last });
  }

  @FieldResolver(() => ID)
  id(@Root() event: EventRecord): string {
    return String(event.seq);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Failed attempts (INVALID_PIN, PIN_BLOCKED) before it: at its lock in the 10 minutes before a LOCKOUT_STARTED, at the site in the 24 h before a SITE_HARDENED; null for other events.',
  })
  failedAttempts(@Root() event: EventRecord, @Ctx() ctx: ApiContext) {
    return ctx.services.events.failedAttempts(ctx, event);
  }

  @FieldResolver(() => Boolean, { description: 'True for a decision or lockout a bridge made while offline and reported later (reportOfflineDecisions).' })
  offline(@Root() event: Pick<EventRecord, 'offline'>): boolean {
    return event.offline === true;
  }

  @FieldResolver(() => SiteType)
  site(@Root() event: EventRecord, @Ctx() ctx: ApiContext) {
    return ctx.services.sites.get(ctx, event.siteId);
  }

  @FieldResolver(() => UserType, { nullable: true })
  user(@Root() event: EventRecord, @Ctx() ctx: ApiContext) {
    return ctx.services.events.related(ctx, 'User', event.userId);
  }

  @FieldResolver(() => PinType, { nullable: true })
  pin(@Root() event: EventRecord, @Ctx() ctx: ApiContext) {
    return ctx.services.events.related(ctx, 'Pin', event.pinId);
  }

  @FieldResolver(() => LockType, { nullable: true })
  lock(@Root() event: EventRecord, @Ctx() ctx: ApiContext) {
    return ctx.services.events.related(ctx, 'Lock', event.lockId);
  }
}
