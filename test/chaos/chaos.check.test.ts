import { expectedForLock, judge, type LoggedEvent } from './chaos.check';

describe('the chaos run’s checker', () => {
  const log: LoggedEvent[] = [
    { seq: 1, type: 'ACCESS_GRANTED', userId: 'u1', lockId: 'L1' },
    { seq: 2, type: 'ACCESS_DENIED', userId: null, lockId: 'L2' },
    { seq: 3, type: 'PIN_BLOCKED', userId: 'u1', lockId: null },
    { seq: 4, type: 'PIN_BLOCKED', userId: 'u2', lockId: null },
    { seq: 5, type: 'PERMISSION_GRANTED', userId: 'v1', lockId: 'L1' },
    { seq: 6, type: 'POLICY_UPDATED', userId: null, lockId: null },
  ];

  it('expects the decisions and permission changes at a lock and the PIN changes of its holders', () => {
    expect(expectedForLock(log, 'L1', new Set(['u1']))).toEqual([1, 3, 5]);
  });

  it('counts lost, unexpected, duplicated and out-of-order events, and tells redeliveries apart', () => {
    expect(judge([1, 3, 5], [1, 3, 5], [1, 3, 3, 5])).toMatchObject({ lost: 0, unexpected: 0, duplicated: 0, outOfOrder: 0, redelivered: 1 });
    expect(judge([1, 3, 5], [1, 5, 7, 5, 3], [1, 5, 7, 5, 3])).toMatchObject({ lost: 0, unexpected: 1, duplicated: 1, outOfOrder: 2 });
    expect(judge([1, 3, 5], [1], [1])).toMatchObject({ lost: 2 });
  });
});
