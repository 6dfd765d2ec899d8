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
    // Like a broker: delivered later (in publish order) and as a copy no other handler can change.
    const json = JSON.stringify(event);
    queueMicrotask(() => {
      for (const listener of this.emitter.listeners(siteId) as EventHandler[]) {
        try {
          listener(JSON.parse(json) as PublishedEvent);
        } catch (err) {
          this.options.onHandlerError?.(err);
        }
      }
    });
  }

  async subscribe(siteId: string, handler: EventHandler): Promise<() => Promise<void>> {
    const listener: EventHandler = (event) => handler(event);
    this.emitter.on(siteId, listener);
    return async () => {
      this.emitter.off(siteId, listener);
    };
  }
}
