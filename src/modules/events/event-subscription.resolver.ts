import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { ApiContext } from '../api.context';
import type { StreamedEvent } from './event.stream';
import { PinEventObject } from './event.type';

interface StreamArgs {
  siteId?: string;
  lockId?: string;
  after?: string | null;
}

type Subscribe = { args: StreamArgs; context: ApiContext };

/** Live events over graphql-ws; the PinEvent fields resolve as in EventResolver. */
@Resolver()
export class EventSubscriptionResolver {
  @Subscription(() => PinEventObject, {
    description: 'Every event of the site, for dashboards and bridges; replays from `after` first.',
    subscribe: ({ args, context }: Subscribe) => context.services.eventStreams.pinEvents(context, args.siteId as string, args.after),
  })
  pinEvents(
    @Root() event: StreamedEvent,
    @Ctx() ctx: ApiContext,
    @Arg('siteId', () => ID) _siteId: string,
    @Arg('after', () => ID, { nullable: true }) _after: string | null,
  ): StreamedEvent {
    return ctx.services.eventStreams.present(ctx, event);
  }

  @Subscription(() => PinEventObject, {
    description: 'The events that concern one lock, for its bridge; replays from `after` first.',
    subscribe: ({ args, context }: Subscribe) => context.services.eventStreams.lockEvents(context, args.lockId as string, args.after),
  })
  lockEvents(
    @Root() event: StreamedEvent,
    @Ctx() ctx: ApiContext,
    @Arg('lockId', () => ID) _lockId: string,
    @Arg('after', () => ID, { nullable: true }) _after: string | null,
  ): StreamedEvent {
    return ctx.services.eventStreams.present(ctx, event);
  }

  @Subscription(() => PinEventObject, {
    description:
      'The alerts of a site (LOCKOUT_STARTED, SITE_HARDENED, SITE_HARDENING_CLEARED), for its SERVICE token and admins; replays from `after` first.',
    subscribe: ({ args, context }: Subscribe) => context.services.eventStreams.siteAlerts(context, args.siteId as string, args.after),
  })
  siteAlerts(
    @Root() event: StreamedEvent,
    @Ctx() ctx: ApiContext,
    @Arg('siteId', () => ID) _siteId: string,
    @Arg('after', () => ID, { nullable: true }) _after: string | null,
  ): StreamedEvent {
    return ctx.services.eventStreams.present(ctx, event);
  }
}
