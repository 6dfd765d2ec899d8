import type { EventBus, PublishedEvent } from './event-bus.port';
import type { PinEventType } from './event.entity';

/** An event as a subscription carries it: the fields of its log row, ids only (never digits or digests). */
export interface StreamedEvent {
  seq: number;
  siteId: string;
  type: PinEventType;
  userId: string | null;
  pinId: string | null;
  lockId: string | null;
  reason: string | null;
  actorId: string | null;
  refId: string | null;
  at: Date;
  offline?: boolean;
}

export const fromPublished = (e: PublishedEvent): StreamedEvent => ({
  seq: e.seq,
  siteId: e.siteId,
  type: e.type,
  userId: e.userId,
  pinId: e.pinId,
  lockId: e.lockId,
  reason: e.reason,
  actorId: e.actorId ?? null,
  refId: e.refId ?? null,
  at: new Date(e.at),
  offline: e.offline === true,
});

/** One read of the log after a seq. */
export interface LogPage {
  /** Events after the seq read from, in seq order (a reader may leave out events its stream would not carry). */
  events: StreamedEvent[];
  /** The log is read up to here: every event up to this seq that the stream may carry is in `events`. */
  through: number;
  /** There may be more to read after `through` (a full page). */
  more: boolean;
}

/** Reads the event log of one site: about `limit` events after `afterSeq`. */
export type LogReader = (siteId: string, afterSeq: number, limit: number) => Promise<LogPage>;

/** Whether a subscription carries an event (scope, lock filter). May read the database. */
export type EventFilter = (event: StreamedEvent) => boolean | Promise<boolean>;

export interface EventStreamOptions {
  /** Rows per read of the log (replay, gaps). Default 200. */
  pageSize: number;
  /**
   * How long a gap (`seq > last + 1`) may wait for the missing events to arrive from the bus before
   * they are read from the log: events of two nodes can cross on their way. Default 150 ms.
   */
  gapGraceMs: number;
  /** Live events buffered beyond this are dropped and read from the log instead. Default 10 000. */
  maxBuffered: number;
  /** Events ready to send beyond which the stream stops reading until the client catches up. Default 400. */
  highWater: number;
}

export const DEFAULT_STREAM_OPTIONS: EventStreamOptions = { pageSize: 200, gapGraceMs: 150, maxBuffered: 10_000, highWater: 400 };

/** Where a subscription stands: what its heartbeat tells the client. Sequence numbers of the site. */
export interface StreamProgress {
  /** The last event sent on this subscription, or null when none was sent yet. */
  last: number | null;
  /** Every event up to this one that the subscription carries has been sent. */
  through: number;
  /** The latest committed event of the site this node knows of. */
  head: number;
}

/**
 * One subscription's events, in `seq` order, each once (DESIGN.md rule 11). It subscribes to the
 * bus first and buffers, replays the log from the cursor in pages, then drops what it already
 * passed. A gap (an event lost by the bus, or two nodes' events crossing) is read from the log
 * after `gapGraceMs`; a tail the bus lost is noticed by `observeHead`.
 *
 * An async iterator whose `return()` ends it at once, even while a `next()` is waiting.
 */
export class EventStream implements AsyncIterableIterator<StreamedEvent> {
  private position = 0;
  private head = 0;
  private previousHead: number | null = null;
  private inbox: StreamedEvent[] = [];
  private readonly out: StreamedEvent[] = [];
  private needLog = false;
  private started = false;
  private pumping = false;
  private closed = false;
  private failure: unknown = null;
  private waiter: (() => void) | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private inFlight: number | null = null;
  private lastSent: number | null = null;
  private unsubscribe: (() => Promise<void>) | null = null;
  private bus: EventBus | null = null;
  private listening = false;

  constructor(
    readonly siteId: string,
    private readonly readLog: LogReader,
    private readonly accepts: EventFilter,
    private readonly options: EventStreamOptions,
    private readonly onClose: (stream: EventStream) => void = () => undefined,
  ) {}

  /**
   * Subscribes to the site's events on the bus; they are buffered until `start`. When the bus
   * cannot be reached the caller may go on: the stream then follows the log at every head check
   * and tries the bus again then.
   */
  async listen(bus: EventBus): Promise<void> {
    this.bus = bus;
    const unsubscribe = await bus.subscribe(this.siteId, (e) => this.receive(fromPublished(e)));
    if (this.closed) await unsubscribe().catch(() => undefined);
    else this.unsubscribe = unsubscribe;
  }

  /**
   * Starts sending the events after `cursor`; `replay` reads the log from there first, otherwise
   * `cursor` must be the site's head read after `listen`.
   */
  start(cursor: number, head: number, replay: boolean): void {
    this.position = cursor;
    this.head = head;
    this.needLog = replay;
    this.started = true;
    this.kick();
  }

  /**
   * The site's latest committed seq, read periodically: a stream that stays behind reads the log
   * (at once when it has no bus to wait for).
   */
  observeHead(head: number): void {
    const onBus = this.unsubscribe !== null;
    const behind = onBus ? this.previousHead !== null && this.position < this.previousHead : this.position < head;
    if (!onBus && this.bus && !this.listening && !this.closed) {
      this.listening = true;
      this.listen(this.bus)
        .catch(() => undefined)
        .finally(() => (this.listening = false));
    }
    this.previousHead = head;
    this.head = Math.max(this.head, head);
    if (behind && !this.needLog) {
      this.needLog = true;
      this.kick();
    }
  }

  progress(): StreamProgress {
    const firstUnsent = this.inFlight ?? this.out[0]?.seq ?? null;
    const through = firstUnsent === null ? this.position : firstUnsent - 1;
    return { last: this.lastSent, through, head: Math.max(this.head, this.position) };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<StreamedEvent>> {
    // The consumer asks for the next event only once it has sent the previous one.
    if (this.inFlight !== null) {
      this.lastSent = this.inFlight;
      this.inFlight = null;
    }
    for (;;) {
      const event = this.out.shift();
      if (event) {
        this.inFlight = event.seq;
        this.kick();
        return { value: event, done: false };
      }
      if (this.failure !== null) {
        const failure = this.failure;
        await this.close();
        throw failure;
      }
      if (this.closed) return { value: undefined, done: true };
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async return(): Promise<IteratorResult<StreamedEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  async throw(err?: unknown): Promise<IteratorResult<StreamedEvent>> {
    await this.close();
    throw err;
  }

  private receive(event: StreamedEvent): void {
    if (this.closed) return;
    if (this.inbox.length >= this.options.maxBuffered) {
      this.inbox = [];
      this.needLog = true;
    }
    this.inbox.push(event);
    this.kick();
  }

  private kick(): void {
    if (this.started && !this.pumping && !this.closed) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed && this.out.length < this.options.highWater) {
        if (this.needLog) {
          const page = await this.readLog(this.siteId, this.position, this.options.pageSize);
          for (const e of page.events) if (e.seq > this.position) await this.consume(e);
          // A filtered read skips the events the stream would drop: move past them too.
          if (page.through > this.position) this.position = page.through;
          if (!page.more) this.needLog = false;
          continue;
        }
        const next = this.takeNext();
        if (!next) break;
        await this.consume(next);
      }
    } catch (err) {
      this.failure = err;
      this.wake();
    } finally {
      this.pumping = false;
    }
  }

  /** The live event that follows `position`, or null (nothing buffered, or a gap: arms its timer). */
  private takeNext(): StreamedEvent | null {
    this.inbox.sort((a, b) => a.seq - b.seq);
    while (this.inbox.length > 0 && this.inbox[0].seq <= this.position) this.inbox.shift();
    const first = this.inbox[0];
    if (first && first.seq > this.position + 1) {
      this.gapTimer ??= setTimeout(() => {
        this.gapTimer = null;
        this.needLog = true;
        this.kick();
      }, this.options.gapGraceMs);
      return null;
    }
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    return this.inbox.shift() ?? null;
  }

  private async consume(event: StreamedEvent): Promise<void> {
    if (await this.accepts(event)) {
      this.out.push(event);
      this.wake();
    }
    this.position = event.seq;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.inbox = [];
    this.out.length = 0;
    this.onClose(this);
    this.wake();
    await this.unsubscribe?.().catch(() => undefined);
  }
}
