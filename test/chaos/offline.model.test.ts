import { expectOffline, offlineReason, pairAnswers, parseAnswer, pepperForms, secretOccurs, type OfflineEvent, type OnlineState } from './offline.model';

/** The offline chaos run's judge: it must catch a wrong answer, a lost or doubled event, a leaked secret. */
describe('the offline chaos run’s model and checks', () => {
  const state: OnlineState = {
    pins: new Map([
      ['p-active', { userId: 'u1', status: 'ACTIVE' }],
      ['p-blocked', { userId: 'u1', status: 'BLOCKED' }],
      ['p-replaced', { userId: 'u1', status: 'REPLACED' }],
      ['p-elsewhere', { userId: 'u2', status: 'ACTIVE' }],
    ]),
    permitted: new Map([
      ['u1', new Set(['L1'])],
      ['u2', new Set(['L2'])],
    ]),
    offlineMaxFailedAttempts: 3,
    offlineLockoutSeconds: 10,
  };

  it('gives the online rules’ reason for the state the bridge synced', () => {
    expect(offlineReason(state, 'L1', 'p-active')).toBe('GRANTED');
    expect(offlineReason(state, 'L1', 'p-blocked')).toBe('PIN_BLOCKED');
    expect(offlineReason(state, 'L1', 'p-replaced')).toBe('INVALID_PIN');
    expect(offlineReason(state, 'L1', 'p-elsewhere')).toBe('INVALID_PIN'); // not in this bridge's replica
    expect(offlineReason(state, 'L1', undefined)).toBe('INVALID_PIN');
    expect(offlineReason(state, 'L1', 'p-made-after-the-cut')).toBe('INVALID_PIN');
  });

  it('locks the door after the failures, doubling the next lockout, and lets it open when it runs out', () => {
    const t0 = Date.UTC(2026, 11, 3, 12);
    const at = (s: number, pinId: string | undefined) => ({ pinId, at: t0 + s * 1000, judged: true, actualReason: '' });
    const got = expectOffline(state, 'L1', [
      at(0, undefined),
      at(1, 'p-blocked'),
      at(2, 'p-active'),
      at(3, undefined), // third failure: 10 s lockout
      at(4.5, 'p-active'),
      at(12.5, 'p-active'),
      at(14, 'p-active'),
      at(15, undefined),
      at(16, undefined),
      at(17, undefined), // second lockout in 24 h: 20 s
      at(36.9, 'p-active'),
      at(37, 'p-active'),
    ]);
    expect(got.map((e) => e.reason)).toEqual([
      'INVALID_PIN',
      'PIN_BLOCKED',
      'GRANTED',
      'INVALID_PIN',
      'LOCKED_OUT',
      'LOCKED_OUT',
      'GRANTED',
      'INVALID_PIN',
      'INVALID_PIN',
      'INVALID_PIN',
      'LOCKED_OUT',
      'GRANTED',
    ]);
    expect(got.map((e) => e.retryAfterSeconds).filter((s) => s !== null)).toEqual([9, 1, 1]);
    expect(got.filter((e) => e.lockoutStarted)).toHaveLength(2);
  });

  it('counts an unjudged attempt (outside the cut) with its own reason', () => {
    const got = expectOffline(state, 'L1', [0, 1, 2].map((s) => ({ pinId: 'p-active', at: s * 1000, judged: false, actualReason: 'INVALID_PIN' })));
    expect(got[2].lockoutStarted).toBe(true);
  });

  it('reads keypad lines', () => {
    expect(parseAnswer('OPEN (offline)')).toEqual({ offline: true, type: 'ACCESS_GRANTED', reason: 'GRANTED', retryAfterSeconds: null });
    expect(parseAnswer('DENIED (LOCKED_OUT, retry in 7 s) (offline)')).toEqual({ offline: true, type: 'ACCESS_DENIED', reason: 'LOCKED_OUT', retryAfterSeconds: 7 });
    expect(parseAnswer('DENIED (PIN_BLOCKED)')).toMatchObject({ offline: false, reason: 'PIN_BLOCKED' });
    expect(parseAnswer('error: boom')).toBeNull();
  });

  it('pairs each offline answer with one event, and finds lost and extra ones', () => {
    const ev = (seq: number, type: string, reason: string | null, at: number): OfflineEvent => ({ seq, type, reason, lockId: 'L1', at });
    const answers = [
      { answer: parseAnswer('OPEN (offline)')!, sentAt: 1000, answeredAt: 1010 },
      { answer: parseAnswer('DENIED (INVALID_PIN) (offline)')!, sentAt: 2000, answeredAt: 2010 },
      { answer: parseAnswer('OPEN (offline)')!, sentAt: 3000, answeredAt: 3010 },
    ];
    const ok = pairAnswers(answers, [ev(1, 'ACCESS_GRANTED', 'GRANTED', 1005), ev(2, 'ACCESS_DENIED', 'INVALID_PIN', 2005), ev(3, 'LOCKOUT_STARTED', null, 2005), ev(4, 'ACCESS_GRANTED', 'GRANTED', 3005)]);
    expect(ok.pairs.map((e) => e?.seq)).toEqual([1, 2, 4]);
    expect(ok.extra).toEqual([]);
    // The third one lost, the first one doubled, the second one with another reason.
    const bad = pairAnswers(answers, [ev(1, 'ACCESS_GRANTED', 'GRANTED', 1005), ev(2, 'ACCESS_GRANTED', 'GRANTED', 1006), ev(3, 'ACCESS_DENIED', 'PIN_BLOCKED', 2005)]);
    expect(bad.pairs.map((e) => e?.seq ?? null)).toEqual([1, null, null]);
    expect(bad.extra.map((e) => e.seq)).toEqual([2, 3]);
    // An event far from its answer's time is not its event.
    expect(pairAnswers([answers[0]], [ev(1, 'ACCESS_GRANTED', 'GRANTED', 60_000)]).pairs).toEqual([null]);
  });

  it('finds digits as text and UTF-16, and the pepper in each of its forms', () => {
    expect(secretOccurs(Buffer.from('x"482913"y'), '482913')).toBe(true);
    expect(secretOccurs(Buffer.from('ab482913', 'utf16le'), '482913')).toBe(true);
    expect(secretOccurs(Buffer.from('ab482913', 'utf16le').swap16(), '482913')).toBe(true);
    expect(secretOccurs(Buffer.from('48291'), '482913')).toBe(false);
    const pepper = 'ab'.repeat(32);
    for (const form of pepperForms(pepper)) expect(secretOccurs(Buffer.from(`k=${form};`), form)).toBe(true);
    expect(pepperForms(pepper)).toContain(Buffer.from(pepper, 'hex').toString('base64url'));
  });
});
