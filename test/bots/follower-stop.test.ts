import { EventFollower } from '../../bots/bridge/event.follower';
import { AlertFollower } from '../../bots/slack/alert.follower';
import { freePort } from '../support/free-port';

/** A cursor store in memory. */
const memoryCursor = () => {
  let value: string | null = null;
  return { read: () => value, write: (v: string) => void (value = v), clear: () => void (value = null) };
};

/**
 * Stopping a follower while its socket is still connecting to an API that does not answer must not
 * leave an unheard socket error or a rejected promise behind (either would crash the bot's process).
 */
describe('followers stopped while the API is unreachable', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  it.each(['bridge', 'slack alerts'])('the %s follower stops quietly', async (which) => {
    const url = `http://127.0.0.1:${await freePort()}/graphql`;
    const statuses: string[] = [];
    const common = { urls: [url], token: 'pgt_x', cursor: memoryCursor(), onEvent: () => undefined, onStatus: (l: string) => void statuses.push(l) };
    const follower =
      which === 'bridge' ? new EventFollower({ ...common, lockId: '1' }) : new AlertFollower({ ...common, siteId: '1' });
    void follower.start();
    await follower.stop();
    // A second follower that does meet the refused connection, then stops after its first retry notice.
    const retrying = which === 'bridge' ? new EventFollower({ ...common, lockId: '1' }) : new AlertFollower({ ...common, siteId: '1' });
    void retrying.start();
    for (let i = 0; i < 100 && !statuses.some((s) => s.startsWith('disconnected')); i++) await new Promise((r) => setTimeout(r, 20));
    await retrying.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(statuses.some((s) => s.startsWith('disconnected'))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
