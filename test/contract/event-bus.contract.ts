import { randomUUID } from 'node:crypto';
import type { EventBus, PublishedEvent } from '../../src/modules/events/event-bus.port';
import { PinEventType } from '../../src/modules/events/event.entity';
import { eventually } from '../support/clock.support';

export interface EventBusFixture {
  bus: EventBus;
  close(): Promise<void>;
}

const event = (siteId: string, seq: number, type = PinEventType.ACCESS_DENIED): PublishedEvent => ({
  id: String(seq),
  seq,
  siteId,
  type,
  userId: null,
  pinId: randomUUID(),
  lockId: randomUUID(),
  reason: type === PinEventType.ACCESS_DENIED ? 'INVALID_PIN' : null,
  actorId: null,
  refId: null,
  at: new Date(Date.UTC(2026, 10, 28, 9, 0, seq)).toISOString(),
});

/** The EventBus contract (DESIGN.md rule 11, after commit), run against every adapter. */
export function eventBusContract(name: string, makeFixture: () => Promise<EventBusFixture>): void {
  describe(`EventBus contract: ${name}`, () => {
    let f: EventBusFixture;
    let bus: EventBus;

    beforeAll(async () => {
      f = await makeFixture();
      bus = f.bus;
    });
    afterAll(() => f?.close());

    it('delivers a site’s events to its subscriber in publish order, field for field', async () => {
      const siteId = randomUUID();
      const got: PublishedEvent[] = [];
      const unsubscribe = await bus.subscribe(siteId, (e) => got.push(e));
      const sent = Array.from({ length: 100 }, (_, i) => event(siteId, i + 1, i % 7 ? PinEventType.ACCESS_DENIED : PinEventType.PIN_ASSIGNED));
      await Promise.all(sent.map((e) => bus.publish(siteId, e)));
      await eventually(() => expect(got).toHaveLength(100));
      expect(got).toEqual(sent);
      await unsubscribe();
    });

    it('delivers a batch published at once as single events, in order, between the events around it', async () => {
      const siteId = randomUUID();
      const got: number[] = [];
      const unsubscribe = await bus.subscribe(siteId, (e) => got.push(e.seq));
      await bus.publish(siteId, event(siteId, 1));
      await bus.publishMany(siteId, [2, 3, 4].map((seq) => event(siteId, seq)));
      await bus.publishMany(siteId, []);
      await bus.publishMany(siteId, [event(siteId, 5)]);
      await eventually(() => expect(got).toEqual([1, 2, 3, 4, 5]));
      await unsubscribe();
    });

    it('delivers only the events of the subscribed site', async () => {
      const [mine, other] = [randomUUID(), randomUUID()];
      const got: PublishedEvent[] = [];
      const unsubscribe = await bus.subscribe(mine, (e) => got.push(e));
      await bus.publish(other, event(other, 1));
      await bus.publish(mine, event(mine, 1));
      await eventually(() => expect(got).toHaveLength(1));
      expect(got[0].siteId).toBe(mine);
      await unsubscribe();
    });

    it('delivers to every subscriber of a site, and stops for one that unsubscribed', async () => {
      const siteId = randomUUID();
      const a: number[] = [];
      const b: number[] = [];
      const offA = await bus.subscribe(siteId, (e) => a.push(e.seq));
      const offB = await bus.subscribe(siteId, (e) => b.push(e.seq));
      await bus.publish(siteId, event(siteId, 1));
      await eventually(() => expect([a, b]).toEqual([[1], [1]]));
      await offA();
      await offA();
      await bus.publish(siteId, event(siteId, 2));
      await bus.publish(siteId, event(siteId, 3));
      // b hears 3 only after 2, and a would have heard 2 before b heard 3: order makes this exact.
      await eventually(() => expect(b).toEqual([1, 2, 3]));
      expect(a).toEqual([1]);
      await offB();
    });

    it('delivers nothing after the last subscriber left, and again after a new one came', async () => {
      const siteId = randomUUID();
      const probe = randomUUID();
      const got: number[] = [];
      const marks: number[] = [];
      const off = await bus.subscribe(siteId, (e) => got.push(e.seq));
      await off();
      const offProbe = await bus.subscribe(probe, (e) => marks.push(e.seq));
      await bus.publish(siteId, event(siteId, 1));
      await bus.publish(probe, event(probe, 1));
      await eventually(() => expect(marks).toEqual([1]));
      expect(got).toEqual([]);
      const again = await bus.subscribe(siteId, (e) => got.push(e.seq));
      await bus.publish(siteId, event(siteId, 2));
      await eventually(() => expect(got).toEqual([2]));
      await again();
      await offProbe();
    });

    it('keeps delivering to other handlers when one throws', async () => {
      const siteId = randomUUID();
      const got: number[] = [];
      const offBad = await bus.subscribe(siteId, () => {
        throw new Error('handler failed');
      });
      const offGood = await bus.subscribe(siteId, (e) => got.push(e.seq));
      await bus.publish(siteId, event(siteId, 1));
      await bus.publish(siteId, event(siteId, 2));
      await eventually(() => expect(got).toEqual([1, 2]));
      await offBad();
      await offGood();
    });
  });
}
