import { EventEmitter } from 'node:events';
import type { EventBus, EventHandler, PublishedEvent } from '../../modules/events/event-bus.port';

export interface MemoryEventBusOptions {
  /** Called when a handler throws; the other handlers still run. */
  onHandlerError?: (err: unknown) => void;
}

/** In-process EventBus: the embedded default (one node, no Redis). */
export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly options: MemoryEventBusOptions = {}) {
    this.emitter.setMaxListeners(0);
  }

  async publish(siteId: string, event: PublishedEvent): Promise<void> {
    // Like a broker: delivered later (in publish order), as a copy the publisher cannot change.
    const json = JSON.stringify(event);
    queueMicrotask(() => {
      const copy = JSON.parse(json) as PublishedEvent;
      for (const listener of this.emitter.listeners(siteId) as EventHandler[]) {
        try {
          listener(copy);
        } catch (err) {
          this.options.onHandlerError?.(err);
        }
      }
    });
  }

  async publishMany(siteId: string, events: readonly PublishedEvent[]): Promise<void> {
    for (const event of events) await this.publish(siteId, event);
  }

  async subscribe(siteId: string, handler: EventHandler): Promise<() => Promise<void>> {
    const listener: EventHandler = (event) => handler(event);
    this.emitter.on(siteId, listener);
    return async () => {
      this.emitter.off(siteId, listener);
    };
  }
}
