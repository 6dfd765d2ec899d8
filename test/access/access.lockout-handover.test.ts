import type { TcpProxy } from '../support/tcp.proxy';
import { seedSite, type TestApp } from '../support/test-app';
import { startOutagePair, type OutagePair } from '../support/outage-pair.support';
import { access, door, wrongPin, type Door } from './access.support';

/** DESIGN.md rule 10: a lockout or a failure counted in either store holds after a switch in either direction. */
describe('lockAccess keeps the lockout across switches between Redis and the database', () => {
  let pair: OutagePair | null = null;
  let a: TestApp;
  let b: TestApp;
  let proxy: TcpProxy;
  let ok = false;

  beforeAll(async () => {
    pair = await startOutagePair();
    ok = pair !== null;
    if (!pair) return;
    ({ proxy, a, b } = pair);
  });

  afterAll(async () => {
    await pair?.stop();
  });

  /** Node `a` answers from Redis again: /readyz says so, polled. */
  async function restore(): Promise<void> {
    proxy.restore();
    const deadline = Date.now() + 10_000;
    while ((await fetch(a.url.replace('/graphql', '/readyz'))).status !== 200) {
      if (Date.now() > deadline) throw new Error('node a did not reach Redis again');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A door of a fresh site (each test spends site budget of its own). */
  async function freshDoor(): Promise<Door> {
    return door(a.url, await seedSite(a));
  }

  const guesses = async (node: TestApp, d: Door, n: number, from = 0): Promise<string[]> => {
    const reasons: string[] = [];
    for (let i = from; i < from + n; i++) reasons.push((await access(node.url, d.bridgeToken, d.lockId, wrongPin(d.code, i))).reason);
    return reasons;
  };

  it('keeps a lock locked out in Redis locked out on a node cut off from Redis', async () => {
    if (!ok) return;
    const d = await freshDoor();
    expect(await guesses(a, d, 5)).toEqual(Array(5).fill('INVALID_PIN'));
    expect((await access(a.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    proxy.cut();
    try {
      const right = await access(a.url, d.bridgeToken, d.lockId, d.code);
      expect(right).toMatchObject({ granted: false, reason: 'LOCKED_OUT' });
      expect(right.retryAfterSeconds).toBeGreaterThan(50);
      expect(await guesses(a, d, 3, 5)).toEqual(Array(3).fill('LOCKED_OUT'));
    } finally {
      await restore();
    }
  }, 30_000);

  it('adds up failures counted in Redis, in the database during a cut, and in Redis after it', async () => {
    if (!ok) return;
    const d = await freshDoor();
    expect(await guesses(a, d, 2)).toEqual(['INVALID_PIN', 'INVALID_PIN']);
    proxy.cut();
    try {
      expect(await guesses(a, d, 2, 2)).toEqual(['INVALID_PIN', 'INVALID_PIN']);
    } finally {
      await restore();
    }
    // The 5th failure in all locks the keypad, for the node that was cut off and for the one that was not.
    expect(await guesses(a, d, 1, 4)).toEqual(['INVALID_PIN']);
    for (const node of [a, b]) {
      const right = await access(node.url, d.bridgeToken, d.lockId, d.code);
      expect(right).toMatchObject({ granted: false, reason: 'LOCKED_OUT' });
    }
  }, 30_000);

  it('keeps a lock locked out during a cut locked out on every node once Redis answers again', async () => {
    if (!ok) return;
    const d = await freshDoor();
    expect((await access(b.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('GRANTED');
    proxy.cut();
    try {
      expect(await guesses(a, d, 5)).toEqual(Array(5).fill('INVALID_PIN'));
      expect((await access(a.url, d.bridgeToken, d.lockId, d.code)).reason).toBe('LOCKED_OUT');
    } finally {
      await restore();
    }
    // Node b never lost Redis: it learns of the database's count within its generation refresh,
    // and merges it into Redis itself (it asks first).
    await new Promise((r) => setTimeout(r, 1200));
    for (const node of [b, a]) {
      const right = await access(node.url, d.bridgeToken, d.lockId, d.code);
      expect(right).toMatchObject({ granted: false, reason: 'LOCKED_OUT' });
      expect(right.retryAfterSeconds).toBeGreaterThan(45);
    }
    expect(await guesses(b, d, 2, 5)).toEqual(['LOCKED_OUT', 'LOCKED_OUT']);
  }, 30_000);
});
