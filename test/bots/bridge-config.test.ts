import path from 'node:path';
import { BridgeConfigError, loadBridgeConfig } from '../../bots/bridge/bridge.config';

describe('the bridge configuration', () => {
  const env = { PINGATE_BRIDGE_TOKEN: 'pgt_x' };
  const base = ['--lock', 'L1', '--url', 'http://127.0.0.1:4000/graphql'];

  it('defaults the data dir, the online timeout (800 ms) and the sync interval (30 s)', () => {
    const c = loadBridgeConfig(base, env);
    expect(c).toMatchObject({ dataDir: path.resolve('bridge-L1.data'), onlineTimeoutMs: 800, syncIntervalMs: 30_000, token: 'pgt_x' });
    const set = loadBridgeConfig([...base, '--data-dir', 'd', '--online-timeout-ms', '1500', '--sync-interval-ms', '1000'], env);
    expect(set).toMatchObject({ dataDir: path.resolve('d'), onlineTimeoutMs: 1500, syncIntervalMs: 1000 });
  });

  it.each([
    ['--online-timeout-ms', 'soon'],
    ['--online-timeout-ms', '-5'],
    ['--online-timeout-ms', '10'],
    ['--online-timeout-ms', '1e3'],
    ['--sync-interval-ms', '99999999999'],
  ])('refuses %s %s with the usage', (flag, value) => {
    expect(() => loadBridgeConfig([...base, `${flag}=${value}`], env)).toThrow(BridgeConfigError);
    expect(() => loadBridgeConfig([...base, `${flag}=${value}`], env)).toThrow(new RegExp(`${flag} must be a whole number`));
  });

  it('still takes the token from the environment only', () => {
    expect(() => loadBridgeConfig([...base, '--token', 'pgt_x'], {})).toThrow(BridgeConfigError);
    expect(() => loadBridgeConfig(base, {})).toThrow(/PINGATE_BRIDGE_TOKEN is required/);
  });
});
