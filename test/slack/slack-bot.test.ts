import { createSlackBot, type SlackBot } from '../../bots/slack/slack.app';
import { loadSlackBotConfig } from '../../bots/slack/slack.config';
import { createSlackLogger } from '../../bots/slack/slack.logger';
import { MemoryNonceStore, RedisNonceStore, type NonceStore } from '../../bots/slack/nonce.store';
import { FakePinGate, type FakeUser } from './fake-pingate.server';
import { FakeSlack, type SlackCall } from './fake-slack.server';
import { SlackRequests } from './slack.requests';
import { describeIfReachable, reachable } from '../support/reachable.support';
import { dropKeys, uniquePrefix } from './redis-keys.support';
import { BotFlow, digitRuns, settle, waitFor, type RevealOffer } from './bot-flow.support';

const SIGNING_SECRET = 'test-signing-secret';
const SERVICE_TOKEN = 'pgs_service_token_for_tests';
const SITE_ID = 'site-head-office';

const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = uniquePrefix('bot');
type StoreCase = [name: string, make: () => Promise<NonceStore>, cleanUp: () => Promise<void>];
const stores: StoreCase[] = [['memory', async () => new MemoryNonceStore(), async () => undefined]];
/** The Redis run follows the project's rule: skipped (with a warning) where Redis is absent, required under CI. */
if (describeIfReachable(`Redis at ${redisUrl}`, reachable(redisUrl, 'PING\r\n', '+PONG')) === describe) {
  stores.push([
    'Redis',
    () => RedisNonceStore.connect(redisUrl, { prefix: redisPrefix }),
    () => dropKeys(redisUrl, redisPrefix),
  ]);
}

describe.each(stores)('Slack bot (one-time state in %s)', (_store, makeNonces, cleanUp) => {
  const slack = new FakeSlack();
  const pingate = new FakePinGate(SERVICE_TOKEN, SITE_ID);
  const logLines: string[] = [];
  let nonces: NonceStore;
  let bot: SlackBot;
  let requests: SlackRequests;
  let alice: FakeUser;
  let flow: BotFlow;

  beforeAll(async () => {
    await Promise.all([slack.start(), pingate.start()]);
    nonces = await makeNonces();
    const config = loadSlackBotConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_ID: 'BBOT',
      SLACK_BOT_USER_ID: 'UBOTUSER',
      BOT_PORT: '0',
      PINGATE_URL: pingate.url,
      PINGATE_TOKEN: SERVICE_TOKEN,
      PINGATE_SITE_ID: SITE_ID,
      LOG_LEVEL: 'trace',
    });
    const logger = createSlackLogger(config.logLevel, { write: (line: string) => void logLines.push(line) });
    bot = createSlackBot(config, { logger, nonces });
    const { port } = await bot.start();
    requests = new SlackRequests(`http://127.0.0.1:${port}`, SIGNING_SECRET);
    flow = new BotFlow(slack, requests);
    pingate.addUser({ name: 'Ada Admin', role: 'ADMIN', slackUserId: 'UADMIN' });
  });

  afterAll(async () => {
    await bot.stop();
    await Promise.all([slack.stop(), pingate.stop(), nonces.close()]);
    await cleanUp();
  });

  beforeEach(() => {
    slack.reset();
    pingate.reset();
    alice = pingate.addUser({ name: 'Alice', slackUserId: `UALICE${pingate.users.length}` });
  });

  const responsesTo = (url: string) => flow.responsesTo(url);
  const pinNew = (slackUserId: string) => flow.pinNew(slackUserId);
  const clickReveal = (slackUserId: string, offer: RevealOffer, triggerId?: string) => flow.clickReveal(slackUserId, offer, triggerId);

  it('acks /pin new at once and DMs a linked user a reveal button, with no digit in the message', async () => {
    const offer = await pinNew(alice.slackUserId!);
    expect(offer.posted.ms).toBeLessThan(3000);
    expect(slack.callsTo('conversations.open')[0]!.params.users).toBe(alice.slackUserId);
    expect(offer.channelId).toBe(`D${alice.slackUserId}`);
    expect(JSON.stringify({ text: offer.dm.params.text, blocks: offer.dm.params.blocks })).not.toMatch(/\d/);
    expect(offer.button.value).toMatch(/^[A-Za-z]{32}$/);
    expect(responsesTo(offer.responseUrl)[0]!.params).toMatchObject({ response_type: 'ephemeral' });
    expect(pingate.issued).toHaveLength(0);
    expect(slack.callsTo('auth.test')).toHaveLength(0);
  });

  it('issues a first PIN on the reveal click, shows it in a modal once and updates the DM', async () => {
    const offer = await pinNew(alice.slackUserId!);
    const { sent } = clickReveal(alice.slackUserId!, offer, 'trigger.reveal.first');
    expect((await sent).status).toBe(200);
    const modal = await waitFor(() => slack.callsTo('views.open')[0], 'views.open');
    const update = await waitFor(() => slack.callsTo('chat.update')[0], 'chat.update');

    expect(pingate.operationsNamed('AssignPin')).toEqual([
      expect.objectContaining({ variables: { input: { userId: alice.id, kind: 'AUTO' } } }),
    ]);
    const [{ code, pinId }] = pingate.issued as [{ code: string; pinId: string }];
    expect(modal.params.trigger_id).toBe('trigger.reveal.first');
    expect(JSON.stringify(modal.params.view)).toContain(`"${code}"`);
    expect(JSON.stringify(modal.params.view)).toMatch(/will not be shown again/);
    expect(update.params).toMatchObject({ channel: offer.channelId, ts: offer.ts });
    expect(String(update.params.text)).toMatch(/revealed/);
    expect(update.raw).not.toContain(code);
    expect(pingate.pins.find((p) => p.id === pinId)!.status).toBe('ACTIVE');
  });

  it('replaces the active AUTO PIN when the user already has one', async () => {
    const old = pingate.addPin(alice.id, 'AUTO');
    const offer = await pinNew(alice.slackUserId!);
    clickReveal(alice.slackUserId!, offer);
    await waitFor(() => slack.callsTo('chat.update')[0], 'the reveal');
    expect(pingate.operationsNamed('ReassignPin')[0]!.variables).toEqual({ input: { pinId: old.id } });
    expect(pingate.operationsNamed('AssignPin')).toHaveLength(0);
    expect(old.status).toBe('REPLACED');
  });

  it('issues nothing on a second click of the same button', async () => {
    const offer = await pinNew(alice.slackUserId!);
    clickReveal(alice.slackUserId!, offer);
    await waitFor(() => slack.callsTo('chat.update')[0], 'the first reveal');
    const second = clickReveal(alice.slackUserId!, offer);
    const reply = await waitFor(() => responsesTo(second.responseUrl)[0], 'the second reply');
    expect(String(reply.params.text)).toMatch(/already used/);
    expect(reply.params.response_type).toBe('ephemeral');
    await settle();
    expect(pingate.issued).toHaveLength(1);
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });

  it('issues one PIN and opens one modal when the same click is delivered three times at once', async () => {
    const offer = await pinNew(alice.slackUserId!);
    pingate.delayMs = 50;
    const { deliveries } = flow.deliverReveal(alice.slackUserId!, offer, 3, 'trigger.same.click');
    expect((await Promise.all(deliveries)).map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => slack.callsTo('chat.update')[0], 'the reveal');
    await settle();
    expect(pingate.issued).toHaveLength(1);
    expect(slack.callsTo('views.open')).toHaveLength(1);
  });

  it('issues one PIN when three different clicks on one button race', async () => {
    const offer = await pinNew(alice.slackUserId!);
    pingate.delayMs = 50;
    const clicks = [1, 2, 3].map(() => clickReveal(alice.slackUserId!, offer));
    await Promise.all(clicks.map((c) => c.sent));
    await waitFor(() => slack.callsTo('chat.update')[0], 'the reveal');
    await settle();
    expect(pingate.issued).toHaveLength(1);
    expect(slack.callsTo('views.open')).toHaveLength(1);
    const used = clicks.flatMap((c) => responsesTo(c.responseUrl)).filter((r) => /already used/.test(String(r.params.text)));
    expect(used).toHaveLength(2);
  });

  it("refuses another user's click on the button", async () => {
    const offer = await pinNew(alice.slackUserId!);
    const mallory = pingate.addUser({ name: 'Mallory', slackUserId: 'UMALLORY' });
    const other = clickReveal(mallory.slackUserId!, offer);
    await waitFor(() => responsesTo(other.responseUrl)[0], 'the refusal');
    expect(pingate.issued).toHaveLength(0);
    clickReveal(alice.slackUserId!, offer);
    await waitFor(() => slack.callsTo('chat.update')[0], 'the owner reveal');
    expect(pingate.issued).toHaveLength(1);
  });

  it('refuses a request whose signature does not match with 401', async () => {
    const res = await requests.command(
      { userId: alice.slackUserId!, text: 'new', responseUrl: slack.responseUrl() },
      { tamper: true },
    );
    expect(res.status).toBe(401);
    const forged = await requests.command(
      { userId: alice.slackUserId!, text: 'new', responseUrl: slack.responseUrl() },
      { secret: 'not-the-secret' },
    );
    expect(forged.status).toBe(401);
    await settle();
    expect(slack.calls).toHaveLength(0);
    expect(pingate.operations).toHaveLength(0);
  });

  it('refuses a correctly signed request older than five minutes', async () => {
    const res = await requests.command(
      { userId: alice.slackUserId!, text: 'new', responseUrl: slack.responseUrl() },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(res.status).toBe(401);
    await settle();
    expect(slack.calls).toHaveLength(0);
  });

  it('tells an unlinked user to ask their site admin and sends no DM', async () => {
    const responseUrl = slack.responseUrl();
    await requests.command({ userId: 'UNOBODY', text: 'new', responseUrl });
    const reply = await waitFor(() => responsesTo(responseUrl)[0], 'the reply');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(String(reply.params.text)).toMatch(/isn't linked/);
    expect(String(reply.params.text)).toContain('<@UADMIN>');
    await settle();
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('blocks the PIN just issued when the modal cannot be opened, and says to ask again', async () => {
    const offer = await pinNew(alice.slackUserId!);
    slack.failViewsOpen = 'expired_trigger_id';
    clickReveal(alice.slackUserId!, offer);
    const update = await waitFor(() => slack.callsTo('chat.update')[0], 'the DM update');
    const [{ pinId, code }] = pingate.issued as [{ code: string; pinId: string }];
    expect(pingate.operationsNamed('BlockPin').map((o) => o.variables.pinId)).toEqual([pinId]);
    expect(pingate.pins.find((p) => p.id === pinId)!.status).toBe('BLOCKED');
    expect(String(update.params.text)).toMatch(/blocked it right away.*\/pin new/);
    expect(String(update.params.text)).not.toMatch(/previous PIN/);
    expect(update.raw).not.toContain(code);
  });

  it('says the previous PIN stopped working when the reveal that replaced it could not be shown', async () => {
    const old = pingate.addPin(alice.id, 'AUTO');
    const offer = await pinNew(alice.slackUserId!);
    slack.failViewsOpen = 'expired_trigger_id';
    clickReveal(alice.slackUserId!, offer);
    const update = await waitFor(() => slack.callsTo('chat.update')[0], 'the DM update');
    expect(old.status).toBe('REPLACED');
    expect(pingate.pins.find((p) => p.id === pingate.issued[0]!.pinId)!.status).toBe('BLOCKED');
    expect(String(update.params.text)).toMatch(/blocked it right away.*previous PIN no longer works.*\/pin new/);
  });

  it('apologises and sends no DM when the API is down', async () => {
    pingate.down = true;
    const responseUrl = slack.responseUrl();
    const res = await requests.command({ userId: alice.slackUserId!, text: 'new', responseUrl });
    expect(res.status).toBe(200);
    const reply = await waitFor(() => responsesTo(responseUrl)[0], 'the apology');
    expect(String(reply.params.text)).toMatch(/^Sorry, PinGate can't be reached/);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('apologises and opens no modal when the API goes down before the click', async () => {
    const offer = await pinNew(alice.slackUserId!);
    pingate.down = true;
    const click = clickReveal(alice.slackUserId!, offer);
    const reply = await waitFor(() => responsesTo(click.responseUrl)[0], 'the apology');
    expect(String(reply.params.text)).toMatch(/^Sorry, PinGate can't be reached.*\/pin new/);
    expect(slack.callsTo('views.open')).toHaveLength(0);
    expect(pingate.issued).toHaveLength(0);
  });

  it('blocks a PIN whose issue answer was lost, so that no unseen PIN stays active', async () => {
    const old = pingate.addPin(alice.id, 'AUTO');
    const offer = await pinNew(alice.slackUserId!);
    pingate.loseAnswersTo.add('ReassignPin');
    const click = clickReveal(alice.slackUserId!, offer);
    const reply = await waitFor(() => responsesTo(click.responseUrl)[0], 'the apology');
    expect(String(reply.params.text)).toMatch(/^Sorry, PinGate can't be reached.*\/pin new/);
    const [{ pinId }] = pingate.issued as [{ code: string; pinId: string }];
    expect(pingate.operationsNamed('BlockPin').map((o) => o.variables.pinId)).toEqual([pinId]);
    expect(pingate.pins.find((p) => p.id === pinId)!.status).toBe('BLOCKED');
    expect(old.status).toBe('REPLACED');
    expect(slack.callsTo('views.open')).toHaveLength(0);
  });

  it('blocks nothing when the API refuses to issue (an admin assigned a PIN meanwhile)', async () => {
    const offer = await pinNew(alice.slackUserId!);
    let other: { status: string } | undefined;
    pingate.beforeOperation = (name) => {
      if (name === 'AssignPin') other = pingate.addPin(alice.id, 'AUTO');
    };
    const click = clickReveal(alice.slackUserId!, offer);
    const reply = await waitFor(() => responsesTo(click.responseUrl)[0], 'the apology');
    expect(String(reply.params.text)).toMatch(/^Sorry, something went wrong/);
    expect(pingate.operationsNamed('AssignPin')).toHaveLength(1);
    expect(pingate.operationsNamed('BlockPin')).toHaveLength(0);
    expect(other?.status).toBe('ACTIVE');
  });

  it('lists the PINs with kind, status and date on /pin status, without digits', async () => {
    pingate.addPin(alice.id, 'AUTO', 'REPLACED', new Date('2026-01-02T03:04:05Z'));
    pingate.addPin(alice.id, 'AUTO', 'ACTIVE', new Date('2026-02-03T04:05:06Z'));
    pingate.addPin(alice.id, 'CUSTOM', 'BLOCKED');
    const responseUrl = slack.responseUrl();
    await requests.command({ userId: alice.slackUserId!, text: 'status', responseUrl });
    const reply = await waitFor(() => responsesTo(responseUrl)[0], 'the status');
    const text = JSON.stringify(reply.params.blocks);
    expect(reply.params.response_type).toBe('ephemeral');
    expect(text).toMatch(/Generated PIN\*: active since <!date\^\d+\^/);
    expect(text).toMatch(/Custom PIN\*: blocked since/);
    expect(text).toMatch(/replaced: 1/);
  });

  it('blocks the active PINs after confirmation on /pin block', async () => {
    const auto = pingate.addPin(alice.id, 'AUTO');
    const custom = pingate.addPin(alice.id, 'CUSTOM');
    const responseUrl = slack.responseUrl();
    await requests.command({ userId: alice.slackUserId!, text: 'block', responseUrl });
    const question = await waitFor(() => responsesTo(responseUrl)[0], 'the question');
    expect(String(question.params.text)).toMatch(/Block your 2 active PINs\?/);
    expect(pingate.operationsNamed('BlockPin')).toHaveLength(0);
    const blocks = question.params.blocks as { elements?: { action_id: string; value: string }[] }[];
    const confirm = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'pin_block_confirm')!;

    const confirmUrl = slack.responseUrl();
    await requests.click({
      userId: alice.slackUserId!,
      actionId: confirm.action_id,
      value: confirm.value,
      channelId: 'CGENERAL',
      messageTs: '1700000001.000100',
      responseUrl: confirmUrl,
    });
    const done = await waitFor(() => responsesTo(confirmUrl)[0], 'the confirmation');
    expect(done.params).toMatchObject({ replace_original: true });
    expect(String(done.params.text)).toMatch(/are blocked/);
    expect([auto.status, custom.status]).toEqual(['BLOCKED', 'BLOCKED']);
  });

  it('leaves everything as it was when /pin block is cancelled', async () => {
    const auto = pingate.addPin(alice.id, 'AUTO');
    const cancelUrl = slack.responseUrl();
    await requests.click({
      userId: alice.slackUserId!,
      actionId: 'pin_block_cancel',
      value: 'cancel',
      channelId: 'CGENERAL',
      messageTs: '1700000001.000100',
      responseUrl: cancelUrl,
    });
    const done = await waitFor(() => responsesTo(cancelUrl)[0], 'the reply');
    expect(String(done.params.text)).toBe('Nothing was blocked.');
    expect(auto.status).toBe('ACTIVE');
  });

  it('answers /pin and /pin help in the acknowledgement itself', async () => {
    for (const text of ['', 'help']) {
      const res = await requests.command({ userId: alice.slackUserId!, text, responseUrl: slack.responseUrl() });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral' });
      expect(res.body).toContain('/pin new');
    }
    const unknownUrl = slack.responseUrl();
    await requests.command({ userId: alice.slackUserId!, text: 'frobnicate', responseUrl: unknownUrl });
    const reply = await waitFor(() => responsesTo(unknownUrl)[0], 'the help');
    expect(String(reply.params.text)).toMatch(/don't know `\/pin frobnicate`/);
  });

  it('DMs a linked user a one-use sign-in link on /pin web, valid 15 minutes, and logs nothing of it', async () => {
    const { responseUrl, posted } = await flow.command(alice.slackUserId!, 'web');
    expect(posted.status).toBe(200);
    const dm = await waitFor(() => slack.callsTo('chat.postMessage')[0], 'the DM');
    const reply = await flow.reply(responseUrl, 'the command reply');
    expect(pingate.operationsNamed('SignInLink')).toEqual([{ operationName: 'SignInLink', variables: { userId: alice.id, expiresInMinutes: 15 } }]);
    const url = pingate.linkUrls.at(-1)!;
    const code = new URL(url).hash.slice('#code='.length);
    expect(slack.callsTo('conversations.open')[0]!.params.users).toBe(alice.slackUserId);
    expect(dm.params.channel).toBe(`D${alice.slackUserId}`);
    expect(JSON.stringify(dm.params.blocks)).toContain(`<${url}|Sign in to PinGate>`);
    expect(String(dm.params.text)).not.toContain(code);
    expect(String(dm.params.unfurl_links)).toBe('false');
    expect(reply.params).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.params.text)).not.toContain(code);
    expect(slack.allCalls.filter((c) => c !== dm && c.raw.includes(code))).toEqual([]);
    await settle();
    expect(logLines.join('\n')).not.toContain(code);
  });

  it('tells an unlinked user on /pin web to ask their site admin, and makes no link', async () => {
    const { responseUrl } = await flow.command('UNOBODY', 'web');
    const reply = await flow.reply(responseUrl, 'the reply');
    expect(String(reply.params.text)).toMatch(/isn't linked/);
    await settle();
    expect(pingate.operationsNamed('SignInLink')).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('never puts an issued code in any Slack call but views.open, nor in any log line', () => {
    expect(pingate.issuedCodes.length).toBeGreaterThanOrEqual(6);
    const codes = new Set(pingate.issuedCodes);
    const leaks = (text: string) => digitRuns(text).filter((run) => codes.has(run));
    const others: SlackCall[] = slack.allCalls.filter((c) => c.method !== 'views.open');
    expect(others.length).toBeGreaterThan(20);
    expect(others.flatMap((c) => leaks(c.raw))).toEqual([]);
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.flatMap(leaks)).toEqual([]);
    const shown = slack.allCalls.filter((c) => c.method === 'views.open').flatMap((c) => leaks(c.raw));
    expect(shown.length).toBeGreaterThan(0);
  });
});
