import type { EventBus, EventHandler, PublishedEvent } from '../../src/modules/events/event-bus.port';
import { PinEventType } from '../../src/modules/events/event.entity';
import { DEFAULT_STREAM_OPTIONS, EventStream, type EventStreamOptions, type LogPage, type StreamedEvent } from '../../src/modules/events/event.stream';
import { LockEventFilter } from '../../src/modules/events/lock-events.filter';
import { StoreUnavailableError } from '../../src/shared/store-unavailable.error';
import { sleep, waitFor } from './ws.support';

const SITE = 'site-1';

const event = (seq: number, type = PinEventType.POLICY_UPDATED, extra: Partial<StreamedEvent> = {}): StreamedEvent => ({
  seq,
  siteId: SITE,
  type,
  userId: null,
  pinId: null,
  lockId: null,
  reason: null,
  actorId: null,
  refId: null,
  at: new Date(Date.UTC(2026, 10, 28, 9, 0, 0, seq)),
  ...extra,
});

const published = (e: StreamedEvent): PublishedEvent => ({ ...e, id: String(e.seq), at: e.at.toISOString() });

/** The committed log of one site, and a bus whose deliveries the test decides. */
class World implements EventBus {
  readonly log: StreamedEvent[] = [];
  handlers = new Set<EventHandler>();
  reads = 0;
  readDelayMs = 0;
  busDown = false;

  commit(n = 1, publish = true): StreamedEvent[] {
    const made = Array.from({ length: n }, (_, i) => event(this.log.length + i + 1));
    this.log.push(...made);
    if (publish) for (const e of made) this.deliver(e);
    return made;
  }

  deliver(e: StreamedEvent): void {
    for (const h of this.handlers) h(published(e));
  }

  readLog = async (_site: string, after: number, limit: number): Promise<LogPage> => {
    this.reads++;
    if (this.readDelayMs) await sleep(this.readDelayMs);
    const events = this.log.filter((e) => e.seq > after).slice(0, limit);
    return { events, through: events.at(-1)?.seq ?? after, more: events.length === limit };
  };

  async publish(): Promise<void> {}

  async publishMany(): Promise<void> {}

  async subscribe(_site: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.busDown) throw new StoreUnavailableError('redis');
    this.handlers.add(handler);
    return async () => void this.handlers.delete(handler);
  }
}

/** Pulls everything the stream yields into `got`, the way graphql-ws does (one `next` at a time). */
function drain(stream: EventStream): { got: number[]; done: Promise<void> } {
  const got: number[] = [];
  const done = (async () => {
    for await (const e of stream) got.push(e.seq);
  })();
  return { got, done };
}

async function open(world: World, cursor: number | null, options: Partial<EventStreamOptions> = {}, filter = (_e: StreamedEvent) => true) {
  const stream = new EventStream(SITE, world.readLog, filter, { ...DEFAULT_STREAM_OPTIONS, ...options });
  await stream.listen(world);
  stream.start(cursor ?? world.log.length, world.log.length, cursor !== null);
  return stream;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('EventStream: subscribe first, buffer, replay, drop what was sent', () => {
  it('replays the log after the cursor, then goes live, with nothing missing or twice while events arrive during the replay', async () => {
    const world = new World();
    world.commit(500);
    world.readDelayMs = 5;
    const stream = await open(world, 100, { pageSize: 20 });
    const { got, done } = drain(stream);
    for (let i = 0; i < 30; i++) {
      world.commit(1);
      await sleep(3);
    }
    await waitFor(() => expect(got.at(-1)).toBe(530));
    expect(got).toEqual(range(101, 530));
    expect(world.reads).toBeGreaterThan(20);
    await stream.return();
    await done;
  });

  it('waits out a gap for the late event, and reads the log for one that never comes', async () => {
    const world = new World();
    world.commit(10);
    const stream = await open(world, null, { gapGraceMs: 80 });
    const { got, done } = drain(stream);
    const [e11, e12] = world.commit(2, false);
    world.deliver(e12); // crossed on the way: 12 before 11
    await sleep(20);
    expect(got).toEqual([]);
    world.deliver(e11);
    await waitFor(() => expect(got).toEqual([11, 12]));
    const readsBefore = world.reads;
    world.commit(1, false); // 13 is never published
    world.commit(1); // 14 is
    await sleep(30);
    expect(got).toEqual([11, 12]);
    await waitFor(() => expect(got).toEqual([11, 12, 13, 14]));
    expect(world.reads).toBe(readsBefore + 1);
    await stream.return();
    await done;
  });

  it('moves past the events a filtered read leaves out, so live events follow at once and nothing is read twice', async () => {
    const world = new World();
    world.commit(300);
    const sevenths = (e: StreamedEvent) => e.seq % 7 === 0;
    // Like the lock-scoped readers: only the events the stream carries, and how far the log was read.
    const filtered = async (_site: string, after: number, limit: number): Promise<LogPage> => {
      world.reads++;
      const all = world.log.filter((e) => e.seq > after);
      const full = all.length > limit * 2;
      const through = full ? all[limit * 2 - 1].seq : world.log.length;
      return { events: all.filter((e) => e.seq <= through && sevenths(e)), through, more: full };
    };
    const stream = new EventStream(SITE, filtered, sevenths, { ...DEFAULT_STREAM_OPTIONS, pageSize: 20, gapGraceMs: 5000 });
    await stream.listen(world);
    stream.start(0, 300, true);
    const { got, done } = drain(stream);
    await waitFor(() => expect(got.at(-1)).toBe(294));
    const reads = world.reads;
    expect(reads).toBe(8); // 7 full pages of 40 events, then the rest
    world.commit(3); // 301 to 303, live: no gap to wait out (gapGraceMs is 5 s)
    await waitFor(() => expect(got.at(-1)).toBe(301), 1000);
    expect(got).toEqual(range(1, 43).map((i) => i * 7));
    expect(world.reads).toBe(reads);
    await stream.return();
    await done;
  });

  it('notices a tail the bus lost when the head stays ahead for a whole period', async () => {
    const world = new World();
    const stream = await open(world, null);
    const { got, done } = drain(stream);
    world.commit(3, false);
    stream.observeHead(3); // may still be on its way
    await sleep(20);
    expect(got).toEqual([]);
    stream.observeHead(3);
    await waitFor(() => expect(got).toEqual([1, 2, 3]));
    await stream.return();
    await done;
  });

  it('ends a waiting `next()` at once on `return()`, and leaves the bus', async () => {
    const world = new World();
    const stream = await open(world, null);
    const pending = stream.next();
    expect(world.handlers.size).toBe(1);
    await stream.return();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(world.handlers.size).toBe(0);
  });

  it('reads no further than `highWater` ahead of a slow consumer, and drops a flood to the log', async () => {
    const world = new World();
    world.commit(1000);
    const stream = await open(world, 0, { pageSize: 10, highWater: 20, maxBuffered: 5 });
    await sleep(30);
    expect(world.reads).toBeLessThanOrEqual(3);
    world.commit(50); // live, while nobody pulls: more than maxBuffered
    const { got, done } = drain(stream);
    await waitFor(() => expect(got.length).toBe(1050));
    expect(got).toEqual(range(1, 1050));
    await stream.return();
    await done;
  });

  it('follows the log while the bus does not answer, and joins the bus when it does', async () => {
    const world = new World();
    world.busDown = true;
    const stream = new EventStream(SITE, world.readLog, () => true, DEFAULT_STREAM_OPTIONS);
    await expect(stream.listen(world)).rejects.toThrow(StoreUnavailableError);
    stream.start(0, 0, false);
    const { got, done } = drain(stream);
    world.commit(2);
    stream.observeHead(2);
    await waitFor(() => expect(got).toEqual([1, 2]));
    world.busDown = false;
    stream.observeHead(2);
    await waitFor(() => expect(world.handlers.size).toBe(1));
    world.commit(1);
    await waitFor(() => expect(got).toEqual([1, 2, 3]));
    await stream.return();
    await done;
  });

  it('reports where it stands: `last` sent, `through` everything it carries, and the head', async () => {
    const world = new World();
    world.commit(3);
    const stream = await open(world, 0, {}, (e) => e.seq !== 3);
    expect((await stream.next()).value?.seq).toBe(1);
    expect(stream.progress()).toEqual({ last: null, through: 0, head: 3 }); // 1 is being sent
    expect((await stream.next()).value?.seq).toBe(2);
    expect(stream.progress()).toEqual({ last: 1, through: 1, head: 3 });
    const third = stream.next(); // 2 was sent; 3 is not for this stream
    await waitFor(() => expect(stream.progress()).toEqual({ last: 2, through: 3, head: 3 }));
    await stream.return();
    await expect(third).resolves.toMatchObject({ done: true });
  });
});

describe('LockEventFilter: the events that concern one lock', () => {
  const LOCK = 'lock-1';
  it('takes decisions at the lock, its permission changes, and PIN changes of its holders as they are then', async () => {
    const holders = new Set(['u1']);
    let reads = 0;
    const filter = new LockEventFilter(LOCK, async () => {
      reads++;
      return new Set(holders);
    });
    const at = (type: PinEventType, extra: Partial<StreamedEvent>) => filter.accepts(event(1, type, extra));
    expect(await at(PinEventType.ACCESS_DENIED, { lockId: LOCK, reason: 'INVALID_PIN' })).toBe(true);
    expect(await at(PinEventType.LOCKOUT_STARTED, { lockId: 'lock-2' })).toBe(false);
    expect(await at(PinEventType.PIN_BLOCKED, { userId: 'u1' })).toBe(true);
    expect(await at(PinEventType.PIN_BLOCKED, { userId: 'u2' })).toBe(false);
    expect(reads).toBe(1);
    holders.add('u2');
    expect(await at(PinEventType.PERMISSION_GRANTED, { lockId: LOCK, userId: 'u2' })).toBe(true);
    expect(await at(PinEventType.PERMISSION_GRANTED, { lockId: 'lock-2', userId: 'u3' })).toBe(false);
    expect(await at(PinEventType.PIN_REASSIGNED, { userId: 'u2' })).toBe(true);
    expect(reads).toBe(2);
    expect(await at(PinEventType.POLICY_UPDATED, {})).toBe(false);
    holders.delete('u1'); // deleted with their permissions, in one transaction
    expect(await at(PinEventType.USER_DELETED, { userId: 'u1' })).toBe(true);
    expect(await at(PinEventType.PIN_BLOCKED, { userId: 'u1' })).toBe(false);
    expect(reads).toBe(3);
  });
});
