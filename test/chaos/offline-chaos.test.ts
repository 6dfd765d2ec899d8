import { buildBridge } from '../support/bridge.process';
import { startTwoNodes, type TwoNodes } from '../support/cluster';
import { seedSite } from '../support/test-app';
import { runOfflineChaos } from './offline.run';

jest.setTimeout(120_000);

/**
 * The offline chaos run, small: 4 bridge processes in front of two nodes on PostgreSQL and Redis, 2
 * of them cut off for 8 s while PINs are typed and an admin changes PINs and permissions. Any
 * violation (a wrong offline answer, a decision lost or doubled in the log, a slow refusal of a PIN
 * blocked during the cut, digits or the pepper in a data dir) fails it.
 */
describe('offline chaos (bridges cut off from two nodes)', () => {
  let nodes: TwoNodes | null;

  beforeAll(async () => {
    nodes = await startTwoNodes();
  });

  afterAll(async () => {
    await nodes?.stop();
  });

  it('keeps every offline decision right, recorded once, and the data dirs free of secrets', async () => {
    if (!nodes) return;
    const s = await seedSite(nodes.a);
    const lines: string[] = [];
    const result = await runOfflineChaos({
      urls: [nodes.a.url, nodes.b.url],
      siteId: s.siteId,
      adminToken: s.adminToken,
      databaseUrl: nodes.db.databaseUrl!,
      pepper: nodes.a.pepper,
      bridgeMain: buildBridge(),
      bridges: 4,
      cut: 2,
      cutSeconds: 8,
      holders: 8,
      pressEveryMs: 250,
      adminEveryMs: 150,
      say: (line) => {
        lines.push(line);
        if (process.env.CHAOS_VERBOSE) process.stdout.write(`${line}\n`);
      },
    });
    expect({ violations: result.violations, log: result.violations.length ? lines : [] }).toEqual({ violations: [], log: [] });
    expect(result.summary).toMatch(/=> OK$/);
    // The run did what it says: offline answers were judged.
    expect(result.summary).not.toMatch(/ 0 judged/);
  });
});
