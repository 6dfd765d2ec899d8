import type { EntityManager } from '@mikro-orm/knex';
import { TokenUsageTracker } from '../../src/modules/token/token-usage.tracker';

/** An EntityManager that records the updates it is asked for, and fails while `failing`. */
function recordingEm() {
  const updates: Array<{ ids: string[]; at: number }> = [];
  const state = { failing: false };
  const em = {
    nativeUpdate: async (_entity: unknown, where: { id: { $in: string[] } }, data: { lastUsedAt: Date }) => {
      if (state.failing) throw new Error('database down');
      updates.push({ ids: [...where.id.$in].sort(), at: data.lastUsedAt.getTime() });
      return where.id.$in.length;
    },
  } as unknown as EntityManager;
  return { em, updates, state };
}

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 3, 8, 0, 0);

describe('TokenUsageTracker', () => {
  it('writes nothing on touch, and one update per distinct minute at the flush', async () => {
    const { em, updates } = recordingEm();
    const tracker = new TokenUsageTracker(() => em);
    for (let i = 0; i < 1000; i++) tracker.touch(`t${i % 50}`, T0 + 1000 + i);
    tracker.touch('late', T0 + MINUTE + 5);
    expect(updates).toEqual([]);
    await tracker.flush();
    expect(updates).toHaveLength(2);
    expect(updates[0]).toEqual({ ids: Array.from({ length: 50 }, (_, i) => `t${i}`).sort(), at: T0 });
    expect(updates[1]).toEqual({ ids: ['late'], at: T0 + MINUTE });
  });

  it('does not write a token again within the same minute, and does in the next one', async () => {
    const { em, updates } = recordingEm();
    const tracker = new TokenUsageTracker(() => em);
    tracker.touch('a', T0);
    await tracker.flush();
    tracker.touch('a', T0 + 30_000);
    await tracker.flush();
    expect(updates).toHaveLength(1);
    tracker.touch('a', T0 + MINUTE + 1);
    await tracker.flush();
    expect(updates.map((u) => u.at)).toEqual([T0, T0 + MINUTE]);
  });

  it('keeps the minutes of a failed flush for the next one, and reports the failure', async () => {
    const { em, updates, state } = recordingEm();
    const errors: unknown[] = [];
    const tracker = new TokenUsageTracker(() => em, (err) => errors.push(err));
    tracker.touch('a', T0);
    state.failing = true;
    await tracker.flush();
    expect(errors).toHaveLength(1);
    state.failing = false;
    await tracker.stop();
    expect(updates).toEqual([{ ids: ['a'], at: T0 }]);
  });
});
