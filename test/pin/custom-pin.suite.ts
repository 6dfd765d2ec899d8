import type { Clock } from '../../src/shared/clock';
import { isWeakPin } from '../../src/modules/pin/pin.strength';
import { Site, SitePlan } from '../../src/modules/site/site.entity';
import { PrincipalKind } from '../../src/modules/token/token.entity';
import { User } from '../../src/modules/user/user.entity';
import { codeOf, gql, gqlOk, type GqlResponse } from '../support/graphql.client';
import { seedSite, type SeededSite, type TestApp } from '../support/test-app';
import * as op from '../e2e/domain.operations';

/** A clock that stands still until told to move; every node of a test shares it. */
export interface SteppedClock extends Clock {
  advance(ms: number): void;
}

export function steppedClock(start = Date.now()): SteppedClock {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface CustomPinNodes {
  /** Every API node (one or two), all on one database, all with `clock`. */
  nodes: TestApp[];
  stop(): Promise<void>;
}

const MINUTE = 60_000;
const WEAK = ['1111', '2222', '1212', '0000', '2580', '1234', '7890', '123123', '4321', '9999'];

/**
 * The custom-PIN limit of DESIGN.md rule 7 over GraphQL: at most 5 answers per user per hour
 * depend on the code, whatever the concurrency and whichever node answers.
 */
export function describeCustomPinLimit(name: string, start: (clock: SteppedClock) => Promise<CustomPinNodes | null>): void {
  describe(`the custom-PIN limit on ${name}`, () => {
    const clock = steppedClock();
    let cluster: CustomPinNodes | null = null;
    let nodes: TestApp[];
    let url: string;
    let s: SeededSite;

    beforeAll(async () => {
      cluster = await start(clock);
      if (!cluster) return;
      nodes = cluster.nodes;
      url = nodes[0].url;
      s = await seedSite(nodes[0], { plan: SitePlan.PRO });
      const { updatePinPolicy } = await gqlOk(url, op.POLICY, { siteId: s.siteId, input: { customPinsEnabled: true, customPinMinLength: 4 } }, s.adminToken);
      expect(updatePinPolicy.pinPolicy).toMatchObject({ customPinsEnabled: true, customPinMaxLength: 6 });
    });

    afterAll(async () => {
      await cluster?.stop();
    });

    /** A role-USER user of the site and a token of its own (made as the CLI makes the first admin's). */
    async function newUser(userName: string): Promise<{ id: string; token: string }> {
      const { createUser } = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: userName } }, s.adminToken);
      const em = nodes[0].app.core.db.fork();
      const [site, user] = await Promise.all([em.findOneOrFail(Site, s.siteId), em.findOneOrFail(User, createUser.id)]);
      const { token } = await nodes[0].app.core.services.tokens.issue(em, { kind: PrincipalKind.USER, site, user, createdBy: 'test' });
      return { id: createUser.id, token };
    }

    const assignCustom = (user: { token: string }, code: string, node = 0): Promise<GqlResponse> =>
      gql(nodes[node % nodes.length].url, op.ASSIGN, { input: { kind: 'CUSTOM', code } }, user.token);

    const tally = (results: GqlResponse[]): Record<string, number> => {
      const counts: Record<string, number> = {};
      for (const r of results) {
        const code = r.data?.assignPin ? 'ACCEPTED' : codeOf(r);
        counts[code] = (counts[code] ?? 0) + 1;
      }
      return counts;
    };

    it('answers at most 5 of 30 concurrent tries by the code, every code another user\'s live PIN, and the rest RATE_LIMITED', async () => {
      if (!cluster) return;
      const codes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const other = await newUser(`Holder ${i}`);
        const { assignPin } = await gqlOk(url, op.ASSIGN, { input: { userId: other.id } }, s.adminToken);
        expect(assignPin.code).toMatch(/^\d{6}$/);
        codes.push(assignPin.code);
      }
      const prober = await newUser('Prober');
      const results = await Promise.all(codes.map((code, i) => assignCustom(prober, code, i)));
      expect(tally(results)).toEqual({ PIN_NOT_ALLOWED: 5, RATE_LIMITED: 25 });
      for (const r of results.filter((x) => codeOf(x) === 'RATE_LIMITED')) {
        expect(r.errors?.[0].extensions?.retryAfterSeconds).toEqual(expect.any(Number));
        expect(r.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      }
      const mine = (await gqlOk(url, op.ME, {}, prober.token)).me.pins;
      expect(mine).toEqual([]);
    });

    it('answers PIN_ALREADY_ASSIGNED to a holder of an active custom PIN before the code is looked at, and takes no slot for it', async () => {
      if (!cluster) return;
      const user = await newUser('Holder of a custom PIN');
      const { assignPin } = await gqlOk(url, op.ASSIGN, { input: { kind: 'CUSTOM', code: '5938' } }, user.token);
      const weak = await Promise.all(WEAK.map((code, i) => assignCustom(user, code, i)));
      expect(tally(weak)).toEqual({ PIN_ALREADY_ASSIGNED: WEAK.length });
      for (const code of WEAK.slice(0, 5)) {
        const res = await gql(url, op.REASSIGN, { input: { pinId: assignPin.pin.id, code } }, user.token);
        expect([code, codeOf(res)]).toEqual([code, 'PIN_NOT_ALLOWED']);
      }
      expect(codeOf(await gql(url, op.REASSIGN, { input: { pinId: assignPin.pin.id, code: '6072' } }, user.token))).toBe('RATE_LIMITED');
      expect(codeOf(await assignCustom(user, '1111'))).toBe('PIN_ALREADY_ASSIGNED');
      expect(codeOf(await assignCustom(user, '6072', 1))).toBe('PIN_ALREADY_ASSIGNED');
    });

    it('uses up no slot for an accepted custom PIN or a BAD_USER_INPUT, and says when a slot frees', async () => {
      if (!cluster) return;
      const user = await newUser('Careful chooser');
      for (const code of WEAK.slice(0, 4)) expect(codeOf(await assignCustom(user, code))).toBe('PIN_NOT_ALLOWED');
      clock.advance(10 * MINUTE);
      const bad = await Promise.all(['12ab', '1234567', '123', ''].map((code, i) => assignCustom(user, code, i)));
      expect(tally(bad)).toEqual({ BAD_USER_INPUT: 4 });
      const accepted = await assignCustom(user, '3849', 1);
      expect(accepted.data?.assignPin.code).toBe('3849');
      expect(isWeakPin('3849')).toBe(false);
      await gqlOk(url, op.BLOCK, { id: accepted.data?.assignPin.pin.id }, user.token);
      expect(codeOf(await assignCustom(user, WEAK[4]))).toBe('PIN_NOT_ALLOWED');
      const limited = await assignCustom(user, '7261', 1);
      expect(limited.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 50 * 60 } });
      clock.advance(50 * MINUTE - 1000);
      expect((await assignCustom(user, '7261')).errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
      clock.advance(1000);
      expect(codeOf(await assignCustom(user, WEAK[5], 1))).toBe('PIN_NOT_ALLOWED');
      const chosen = await assignCustom(user, '7261');
      expect(chosen.data?.assignPin.code).toBe('7261');
    });
  });
}
