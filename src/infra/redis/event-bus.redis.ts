import type { EventBus, EventHandler, PublishedEvent } from '../../modules/events/event-bus.port';
import type { RedisClient, RedisConnection } from './redis.client';
import { DEFAULT_REDIS_TIMEOUT_MS, guard } from './redis.script';

export interface RedisEventBusOptions {
  /** Publishes on its client; subscribes on one duplicated connection, opened on first use. */
  connection: Pick<RedisConnection, 'client' | 'duplicate'>;
  /** Channel prefix. Default 'pg'. */
  prefix?: string;
  /** Called when a handler throws or a message is not an event; the other handlers still run. */
  onHandlerError?: (err: unknown) => void;
  /** publish/subscribe without a reply after this long fail with StoreUnavailableError. Default 1000 ms. */
  timeoutMs?: number;
}

interface Channel {
  handlers: Set<EventHandler>;
  listener: (message: string) => void;
  subscribed: Promise<void>;
}

/**
 * EventBus over Redis pub/sub, a channel per site (`<prefix>:events:<siteId>`). Ours because
 * @graphql-yoga's Redis event target speaks ioredis only. One SUBSCRIBE per site per node, however
 * many handlers; node-redis resubscribes by itself after a reconnect (events published meanwhile
 * are lost: subscribers close the gap from the event log by `seq`).
 */
export class RedisEventBus implements EventBus {
  private readonly channels = new Map<string, Channel>();
  private subscriber: Promise<RedisClient> | null = null;
  private readonly orphans = new Map<(message: string) => void, string>();
  private readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: RedisEventBusOptions) {
    this.prefix = options.prefix ?? 'pg';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS;
  }

  async publish(siteId: string, event: PublishedEvent): Promise<void> {
    await this.publishMany(siteId, [event]);
  }

  /** One PUBLISH for the whole batch (a JSON array); subscribers get the events one by one, in order. */
  async publishMany(siteId: string, events: readonly PublishedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const message = JSON.stringify(events.length === 1 ? events[0] : events);
    await guard(() => this.options.connection.client.publish(this.channel(siteId), message), this.timeoutMs);
  }

  async subscribe(siteId: string, handler: EventHandler): Promise<() => Promise<void>> {
    const name = this.channel(siteId);
    let channel = this.channels.get(name);
    if (!channel) {
      const handlers = new Set<EventHandler>();
      const listener = (message: string): void => this.dispatch(handlers, message);
      const subscribed = guard(async () => {
        const sub = await this.connectSubscriber();
        await sub.subscribe(name, listener);
      }, this.timeoutMs + 2000);
      channel = { handlers, listener, subscribed };
      this.channels.set(name, channel);
      subscribed.catch(() => {
        if (this.channels.get(name) === channel) this.channels.delete(name);
      });
    }
    channel.handlers.add(handler);
    try {
      await channel.subscribed;
    } catch (err) {
      channel.handlers.delete(handler);
      throw err;
    }
    const current = channel;
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      current.handlers.delete(handler);
      if (current.handlers.size > 0 || this.channels.get(name) !== current) return;
      this.channels.delete(name);
      await this.unlisten(name, current.listener);
    };
  }

  /** Unsubscribes everything; the duplicated connection closes with its RedisConnection. */
  async close(): Promise<void> {
    const channels = [...this.channels];
    this.channels.clear();
    this.orphans.clear();
    const sub = await this.subscriber?.catch(() => null);
    if (!sub?.isReady) return;
    await Promise.all(channels.map(([name, c]) => sub.unsubscribe(name, c.listener).catch(() => undefined)));
  }

  private channel(siteId: string): string {
    return `${this.prefix}:events:${siteId}`;
  }

  /**
   * Removes only this listener (a new subscription to the same site may already be listening).
   * Delivery has stopped already: the handler set is empty. When Redis cannot be told, the listener
   * is retried at the next reconnect, which would otherwise resubscribe it.
   */
  private async unlisten(name: string, listener: (message: string) => void): Promise<void> {
    const sub = await this.subscriber?.catch(() => null);
    if (!sub) return;
    try {
      await guard(() => sub.unsubscribe(name, listener), this.timeoutMs);
      this.orphans.delete(listener);
    } catch {
      this.orphans.set(listener, name);
    }
  }

  private connectSubscriber(): Promise<RedisClient> {
    if (!this.subscriber) {
      const connecting = this.options.connection.duplicate().then((sub) => {
        sub.on('ready', () => {
          for (const [listener, name] of this.orphans) void this.unlisten(name, listener);
        });
        return sub;
      });
      this.subscriber = connecting;
      connecting.catch(() => {
        if (this.subscriber === connecting) this.subscriber = null;
      });
    }
    return this.subscriber;
  }

  private dispatch(handlers: Set<EventHandler>, message: string): void {
    let events: PublishedEvent[];
    try {
      const parsed = JSON.parse(message) as PublishedEvent | PublishedEvent[];
      events = Array.isArray(parsed) ? parsed : [parsed];
    } catch (err) {
      this.options.onHandlerError?.(err);
      return;
    }
    for (const event of events) {
      for (const handler of handlers) {
        try {
          handler(event);
        } catch (err) {
          this.options.onHandlerError?.(err);
        }
      }
    }
  }
}
