import { EventRecord, PinEventType } from '../../src/modules/events/event.entity';
import { toPublishedEvent } from '../../src/modules/events/event.published';
import { fromPublished } from '../../src/modules/events/event.stream';

const record = (offline: boolean): EventRecord =>
  Object.assign(new EventRecord(), {
    id: 'e1',
    siteId: 's1',
    seq: 7,
    type: PinEventType.ACCESS_DENIED,
    reason: 'INVALID_PIN',
    lockId: 'l1',
    at: new Date('2026-12-03T09:00:00Z'),
    offline,
    offlineId: offline ? 'o1' : null,
  });

describe('offline events on the bus', () => {
  it('carry offline to subscribers on every node, and never the bridge id for the decision', () => {
    const wire = toPublishedEvent(record(true));
    expect(wire.offline).toBe(true);
    expect(JSON.stringify(wire)).not.toContain('o1');
    expect(fromPublished(JSON.parse(JSON.stringify(wire))).offline).toBe(true);
  });

  it('leave online events as they were on the wire (nodes of the previous version read them alike)', () => {
    const wire = toPublishedEvent(record(false));
    expect('offline' in wire).toBe(false);
    expect(fromPublished(wire).offline).toBe(false);
  });
});
