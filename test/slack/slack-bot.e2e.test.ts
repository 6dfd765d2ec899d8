/**
 * The Slack bot end to end: a real PinGate server on a throw-away PostgreSQL database, the bot as
 * its GraphQL client with a SERVICE token (one-time state in Redis when it answers), and a fake
 * Slack Web API on loopback that records every call. Every claim is checked against the server's
 * state (the user's PINs read with the admin token) and at a door (`lockAccess` with a BRIDGE token).
 *
 * The tests run in order and build on each other: one user's PIN history grows from test to test.
 */
import { createSlackBot, type SlackBot } from '../../bots/slack/slack.app';
import { loadSlackBotConfig } from '../../bots/slack/slack.config';
import { createSlackLogger } from '../../bots/slack/slack.logger';
import { MemoryNonceStore, RedisNonceStore, type NonceStore } from '../../bots/slack/nonce.store';
import { deliveryKey } from '../../bots/slack/reveal.nonce';
import { SitePlan } from '../../src/modules/site/site.entity';
import * as op from '../e2e/domain.operations';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { PG_ADMIN_URL, REDIS_TEST_URL, serviceAnswers } from '../support/env';
import { gqlOk } from '../support/graphql.client';
import { seedSite, startTestApp, type SeededSite, type TestApp } from '../support/test-app';
import { BotFlow, digitRuns, settle, waitFor, type RevealOffer } from './bot-flow.support';
import { FakeSlack, type SlackCall } from './fake-slack.server';
import { dropKeys, uniquePrefix } from './redis-keys.support';
import { SlackRequests } from './slack.requests';

const SIGNING_SECRET = 'e2e-signing-secret';
/** Slack ids of letters only: any digit in a recorded Slack message then comes from the bot's own text. */
const LINKED = 'ULINKEDLINA';
const ADMIN_SLACK = 'UADMINADA';
const NOBODY = 'UNOBODYHERE';

const LOCK_ACCESS = `query($lockId: ID!, $pin: String!) { lockAccess(lockId: $lockId, pin: $pin) { granted reason } }`;
const USER_PINS = `query($id: ID!) { user(id: $id) { id pins { id kind status createdAt blockedAt } } }`;

interface ApiPin {
  id: string;
  kind: 'AUTO' | 'CUSTOM';
  status: 'ACTIVE' | 'BLOCKED' | 'REPLACED';
  createdAt: string;
  blockedAt: string | null;
}

/** The digits a views.open call showed: the text of the modal's header block. */
function modalCode(call: SlackCall): string {
  const view = call.params.view as { blocks: { type: string; text?: { text: string } }[] };
  const header = view.blocks.find((b) => b.type === 'header');
  const code = header?.text?.text ?? '';
  expect(code).toMatch(/^\d{6,9}$/);
  return code;
}

/** What a Slack call says to a person: its text, blocks, view and attachments; Slack's date tokens removed. */
function messageContent(call: SlackCall): string {
  const { text, blocks, view, attachments } = call.params;
  return JSON.stringify({ text, blocks, view, attachments }).replace(/<!date\^\d+\^[^>]*>/g, '<date>');
}

describe('Slack bot end to end: a real PinGate server on PostgreSQL and a fake Slack Web API', () => {
  let ok = false;
  let db: TestDatabase | undefined;
  let t: TestApp | undefined;
  let s: SeededSite;
  let nonces: NonceStore | undefined;
  let redisPrefix: string | null = null;
  let bot: SlackBot | undefined;
  let flow: BotFlow;
  let userId: string;
  let lockId: string;
  let bridgeToken: string;
  const slack = new FakeSlack();
  const botLogLines: string[] = [];
  /** Every code a views.open call carried, the failed one included. */
  const shownCodes: string[] = [];

  /** A test that needs the services; passes with nothing done where they are absent (serviceAnswers warned). */
  const live = (name: string, fn: () => Promise<void>) =>
    it(name, async () => {
      if (!ok) return;
      await fn();
    });

  beforeAll(async () => {
    ok = await serviceAnswers('PostgreSQL', PG_ADMIN_URL);
    if (!ok) return;
    const redisOk = await serviceAnswers('Redis', REDIS_TEST_URL);
    db = await createTestDatabase('postgresql');
    t = await startTestApp(db);
    s = await seedSite(t, { plan: SitePlan.PRO });
    const admin = s.adminToken;
    const url = t.url;
    // Room for the few failed tries at the door below, far from a lockout.
    await gqlOk(url, op.POLICY, { siteId: s.siteId, input: { maxFailedAttempts: 20 } }, admin);
    // A second admin, reachable on Slack: the unlinked user is told to ask them.
    await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Sam Admin', role: 'ADMIN', slackUserId: ADMIN_SLACK } }, admin);
    const linked = await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Lina Linked', slackUserId: LINKED } }, admin);
    await gqlOk(url, op.CREATE_USER, { input: { siteId: s.siteId, name: 'Uma Unlinked' } }, admin);
    userId = linked.createUser.id;
    lockId = (await gqlOk(url, op.CREATE_LOCK, { input: { siteId: s.siteId, name: 'Front door' } }, admin)).createLock.id;
    await gqlOk(url, op.GRANT, { input: { userId, lockId } }, admin);
    const service = (await gqlOk(url, op.SERVICE_TOKEN, { siteId: s.siteId, name: 'slack-bot' }, admin)).createServiceToken.token as string;
    bridgeToken = (await gqlOk(url, op.BRIDGE_TOKEN, { input: { siteId: s.siteId, name: 'front-bridge', lockIds: [lockId] } }, admin)).createBridgeToken.token;

    await slack.start();
    if (redisOk) {
      redisPrefix = uniquePrefix('e2e');
      nonces = await RedisNonceStore.connect(REDIS_TEST_URL, { prefix: redisPrefix });
    } else {
      nonces = new MemoryNonceStore();
    }
    const config = loadSlackBotConfig({
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_ID: 'BBOT',
      SLACK_BOT_USER_ID: 'UBOTUSER',
      BOT_PORT: '0',
      PINGATE_URL: url,
      PINGATE_TOKEN: service,
      PINGATE_SITE_ID: s.siteId,
      LOG_LEVEL: 'trace',
    });
    const logger = createSlackLogger(config.logLevel, { write: (line: string) => void botLogLines.push(line) });
    bot = createSlackBot(config, { logger, nonces });
    const { port } = await bot.start();
    flow = new BotFlow(slack, new SlackRequests(`http://127.0.0.1:${port}`, SIGNING_SECRET));
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await nonces?.close();
    if (redisPrefix) await dropKeys(REDIS_TEST_URL, redisPrefix);
    await slack.stop();
    await t?.stop();
    await db?.drop();
  }, 30_000);

  beforeEach(() => slack.reset());

  /** The linked user's PINs as the API holds them, oldest first. */
  const pins = async (): Promise<ApiPin[]> => {
    const { user } = await gqlOk<{ user: { pins: ApiPin[] } }>(t!.url, USER_PINS, { id: userId }, s.adminToken);
    return [...user.pins].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  };
  const statuses = async () => (await pins()).map((p) => `${p.kind}:${p.status}`);
  /** The door's answer to `code`, asked by its bridge. */
  const door = async (code: string) =>
    (await gqlOk<{ lockAccess: { granted: boolean; reason: string } }>(t!.url, LOCK_ACCESS, { lockId, pin: code }, bridgeToken)).lockAccess;

  /** Reveals through the DM, once: the modal's code. */
  async function reveal(offer: RevealOffer): Promise<string> {
    const { sent } = flow.clickReveal(LINKED, offer);
    expect((await sent).status).toBe(200);
    const modal = await waitFor(() => slack.callsTo('views.open')[0], 'views.open');
    await waitFor(() => slack.callsTo('chat.update')[0], 'the DM update');
    const code = modalCode(modal);
    shownCodes.push(code);
    return code;
  }

  let offer1: RevealOffer;
  let code1: string;
  let code2: string;

  live('/pin new from a linked user sends a DM without a digit, and issues nothing yet', async () => {
    offer1 = await flow.pinNew(LINKED);
    expect(offer1.posted.ms).toBeLessThan(3000);
    expect(slack.callsTo('conversations.open').map((c) => c.params.users)).toEqual([LINKED]);
    expect(JSON.stringify({ text: offer1.dm.params.text, blocks: offer1.dm.params.blocks })).not.toMatch(/\d/);
    expect(offer1.button.value).toMatch(/^[A-Za-z]{32}$/);
    expect(flow.responsesTo(offer1.responseUrl)[0]!.params).toMatchObject({ response_type: 'ephemeral' });
    expect(await pins()).toEqual([]);
  });

  live('the reveal click issues a PIN shown only in a modal, and its digits open the door', async () => {
    code1 = await reveal(offer1);
    const modal = slack.callsTo('views.open')[0]!;
    expect(JSON.stringify(modal.params.view)).toMatch(/will not be shown again/);
    const update = slack.callsTo('chat.update')[0]!;
    expect(update.params).toMatchObject({ channel: offer1.channelId, ts: offer1.ts });
    expect(String(update.params.text)).toMatch(/revealed/);
    expect(await statuses()).toEqual(['AUTO:ACTIVE']);
    expect(await door(code1)).toEqual({ granted: true, reason: 'GRANTED' });
  });

  live('a second click on the same button issues nothing', async () => {
    const before = await pins();
    const second = flow.clickReveal(LINKED, offer1);
    const reply = await flow.reply(second.responseUrl, 'the second reply');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(String(reply.params.text)).toMatch(/already used/);
    await settle();
    expect(slack.callsTo('views.open')).toHaveLength(0);
    expect(await pins()).toEqual(before);
    expect(await door(code1)).toEqual({ granted: true, reason: 'GRANTED' });
  });

  live('one click delivered three times at once (Slack retries) issues one PIN and opens one modal', async () => {
    const offer = await flow.pinNew(LINKED);
    slack.reset();
    const { deliveries, responseUrl } = flow.deliverReveal(LINKED, offer, 3, 'trigger.e2e.redelivered');
    expect((await Promise.all(deliveries)).map((r) => r.status)).toEqual([200, 200, 200]);
    const modal = await waitFor(() => slack.callsTo('views.open')[0], 'views.open');
    await waitFor(() => slack.callsTo('chat.update')[0], 'the DM update');
    await settle(500);
    expect(slack.callsTo('views.open')).toHaveLength(1);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
    expect(flow.responsesTo(responseUrl)).toEqual([]);
    // The bot's store (Redis when it answers) holds the delivery: a fourth one would be ignored too.
    expect(await nonces!.put(deliveryKey('trigger.e2e.redelivered'), 'probe', 1000)).toBe(false);
    code2 = modalCode(modal);
    shownCodes.push(code2);
    expect(code2).not.toBe(code1);
    expect(await statuses()).toEqual(['AUTO:REPLACED', 'AUTO:ACTIVE']);
    expect(await door(code2)).toEqual({ granted: true, reason: 'GRANTED' });
    expect(await door(code1)).toEqual({ granted: false, reason: 'INVALID_PIN' });
  });

  live('a request whose signature does not match gets 401 and changes nothing', async () => {
    const before = await pins();
    const tampered = await flow.requests.command({ userId: LINKED, text: 'new', responseUrl: slack.responseUrl() }, { tamper: true });
    expect(tampered.status).toBe(401);
    const forged = await flow.requests.command({ userId: LINKED, text: 'block', responseUrl: slack.responseUrl() }, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const forgedClick = flow.requests.clickBody({
      userId: LINKED,
      actionId: 'pin_block_confirm',
      value: 'block',
      channelId: 'CGENERAL',
      messageTs: '1700000001.000100',
      responseUrl: slack.responseUrl(),
    });
    expect((await flow.requests.post(forgedClick, 'application/x-www-form-urlencoded', { secret: 'not-the-secret' })).status).toBe(401);
    await settle();
    expect(slack.calls).toEqual([]);
    expect(await pins()).toEqual(before);
  });

  live('an unlinked Slack user gets the ephemeral answer naming a reachable admin, and no DM', async () => {
    const { responseUrl, posted } = await flow.command(NOBODY, 'new');
    expect(posted.status).toBe(200);
    const reply = await flow.reply(responseUrl, 'the reply');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(String(reply.params.text)).toMatch(/isn't linked to a PinGate user/);
    expect(String(reply.params.text)).toContain(`\`${NOBODY}\``);
    expect(String(reply.params.text)).toContain(`<@${ADMIN_SLACK}>`);
    await settle();
    expect(slack.callsTo('conversations.open')).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toEqual([]);
    expect(slack.callsTo('views.open')).toEqual([]);
  });

  live('a failed views.open leaves the PIN it would have shown BLOCKED, and the DM says so', async () => {
    const offer = await flow.pinNew(LINKED);
    const before = new Set((await pins()).map((p) => p.id));
    slack.reset();
    slack.failViewsOpen = 'expired_trigger_id';
    flow.clickReveal(LINKED, offer);
    const update = await waitFor(() => slack.callsTo('chat.update')[0], 'the DM update');
    expect(String(update.params.text)).toMatch(/blocked it right away.*\/pin new/);
    // The reveal replaced the working PIN before the modal failed: the DM must not let the user count on it.
    expect(String(update.params.text)).toMatch(/previous PIN no longer works/);
    const failed = slack.callsTo('views.open');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.response).toEqual({ ok: false, error: 'expired_trigger_id' });
    const unseen = modalCode(failed[0]!);
    shownCodes.push(unseen);

    const after = await pins();
    const issued = after.filter((p) => !before.has(p.id));
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ kind: 'AUTO', status: 'BLOCKED' });
    expect(issued[0]!.blockedAt).not.toBeNull();
    expect(after.map((p) => `${p.kind}:${p.status}`)).toEqual(['AUTO:REPLACED', 'AUTO:REPLACED', 'AUTO:BLOCKED']);
    expect(await door(unseen)).toEqual({ granted: false, reason: 'PIN_BLOCKED' });
    expect(await door(code2)).toEqual({ granted: false, reason: 'INVALID_PIN' });
  });

  let code4: string;

  live('after the failure a new /pin new issues a first PIN again (assignPin), which opens the door', async () => {
    const offer = await flow.pinNew(LINKED);
    code4 = await reveal(offer);
    expect(String(slack.callsTo('chat.update')[0]!.params.text)).toMatch(/revealed/);
    expect(JSON.stringify(slack.callsTo('chat.update')[0]!.params.blocks)).not.toMatch(/previous PIN/);
    expect(await statuses()).toEqual(['AUTO:REPLACED', 'AUTO:REPLACED', 'AUTO:BLOCKED', 'AUTO:ACTIVE']);
    expect(await door(code4)).toEqual({ granted: true, reason: 'GRANTED' });
  });

  live('/pin status lists what the API holds: kind, status and date, never digits', async () => {
    const { responseUrl } = await flow.command(LINKED, 'status');
    const reply = await flow.reply(responseUrl, 'the status');
    expect(reply.params.response_type).toBe('ephemeral');
    const apiPins = await pins();
    const active = apiPins.find((p) => p.status === 'ACTIVE')!;
    const blocked = apiPins.find((p) => p.status === 'BLOCKED')!;
    const epoch = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
    const text = JSON.stringify(reply.params.blocks);
    expect(text).toContain(`Generated PIN*: active since <!date^${epoch(active.createdAt)}^`);
    expect(text).toContain(`Generated PIN*: blocked since <!date^${epoch(blocked.blockedAt!)}^`);
    expect(text).toMatch(/Earlier PINs that were replaced: 2\./);
    expect(digitRuns(messageContent(reply))).toEqual([]);
  });

  live('/pin block asks first, then blocks the active PIN in the API, and the door refuses it', async () => {
    const { responseUrl } = await flow.command(LINKED, 'block');
    const question = await flow.reply(responseUrl, 'the question');
    expect(String(question.params.text)).toBe('Block your active PIN?');
    expect(await door(code4)).toEqual({ granted: true, reason: 'GRANTED' });
    const blocks = question.params.blocks as { elements?: { action_id: string; value: string }[] }[];
    const confirm = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'pin_block_confirm')!;
    const confirmUrl = slack.responseUrl();
    const clicked = await flow.requests.click({
      userId: LINKED,
      actionId: confirm.action_id,
      value: confirm.value,
      channelId: 'CGENERAL',
      messageTs: '1700000001.000100',
      responseUrl: confirmUrl,
    });
    expect(clicked.status).toBe(200);
    const done = await flow.reply(confirmUrl, 'the confirmation');
    expect(done.params).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(String(done.params.text)).toMatch(/^Your PIN is blocked/);
    const after = await pins();
    expect(after.map((p) => `${p.kind}:${p.status}`)).toEqual(['AUTO:REPLACED', 'AUTO:REPLACED', 'AUTO:BLOCKED', 'AUTO:BLOCKED']);
    expect(after[3]!.blockedAt).not.toBeNull();
    expect(await door(code4)).toEqual({ granted: false, reason: 'PIN_BLOCKED' });

    const again = await flow.command(LINKED, 'block');
    expect(String((await flow.reply(again.responseUrl, 'the second answer')).params.text)).toBe('You have no active PIN to block.');
  });

  live('no PIN digits in any Slack call but views.open, nor in the bot’s or the server’s logs', () => {
    expect(shownCodes).toHaveLength(4);
    expect(new Set(shownCodes).size).toBe(4);
    const codes = new Set(shownCodes);
    const leaks = (text: string) => digitRuns(text).filter((run) => codes.has(run));
    const calls = slack.allCalls.filter((c) => c.method !== 'views.open');
    expect(calls.length).toBeGreaterThan(20);
    // The raw bodies (timestamps, ids and all) never hold an issued code...
    expect(calls.flatMap((c) => leaks(c.raw).map((run) => `${c.method}: ${run}`))).toEqual([]);
    // ...and what they say to a person holds no run of four digits at all, whatever the code.
    expect(calls.flatMap((c) => digitRuns(messageContent(c)).map((run) => `${c.method}: ${run}`))).toEqual([]);
    // The digits did travel, in views.open only.
    const opened = slack.allCalls.filter((c) => c.method === 'views.open');
    expect(opened.flatMap((c) => leaks(c.raw))).toHaveLength(4);

    expect(botLogLines.length).toBeGreaterThan(10);
    expect(botLogLines.flatMap(leaks)).toEqual([]);
    // The server logs little (no access log): the scan covers whatever it wrote during the run.
    expect(t!.logLines.flatMap(leaks)).toEqual([]);
    return Promise.resolve();
  });
  live('/pin web DMs the linked user a sign-in link that the real API redeems once, for a session of theirs', async () => {
    const { responseUrl } = await flow.command(LINKED, 'web');
    const dm = await waitFor(() => slack.callsTo('chat.postMessage')[0], 'the DM');
    await flow.reply(responseUrl, 'the command reply');
    const url = /<([^|>]+\/sign-in#code=[^|>]+)\|/.exec(JSON.stringify(dm.params.blocks))![1];
    const code = new URL(url).hash.slice('#code='.length);
    const redeem = `mutation($code: String!) { redeemSignIn(code: $code) { token user { id } } }`;
    const { redeemSignIn } = await gqlOk(t!.url, redeem, { code });
    expect(redeemSignIn.user.id).toBe(userId);
    expect((await gqlOk(t!.url, '{ me { id } }', {}, redeemSignIn.token)).me.id).toBe(userId);
    expect(botLogLines.join('\n') + t!.logLines.join('\n')).not.toContain(code);
    const { responseUrl: unlinkedUrl } = await flow.command(NOBODY, 'web');
    expect(String((await flow.reply(unlinkedUrl, 'the unlinked reply')).params.text)).toMatch(/isn't linked/);
  });
});
