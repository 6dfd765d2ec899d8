import type { FakeSlack, SlackCall } from './fake-slack.server';
import type { SlackRequests } from './slack.requests';

/** Resolves with `probe`'s first truthy value, polling; rejects after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Lets late work of the bot (duplicates, retries) show up before asserting that nothing happened. */
export const settle = (ms = 300): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Maximal runs of 4 or more digits: what a PIN would look like in a text. */
export const digitRuns = (text: string): string[] => text.match(/\d{4,}/g) ?? [];

export interface RevealOffer {
  /** The chat.postMessage call of the DM. */
  dm: SlackCall;
  button: { action_id: string; value: string };
  posted: { status: number; body: string; ms: number };
  channelId: string;
  ts: string;
  responseUrl: string;
}

/** The Slack side of a conversation with the bot: signed commands and clicks, and what the fake Slack received. */
export class BotFlow {
  constructor(
    readonly slack: FakeSlack,
    readonly requests: SlackRequests,
  ) {}

  /** The posts to one response_url, in order. */
  responsesTo(url: string): SlackCall[] {
    const path = new URL(url).pathname;
    return this.slack.calls.filter((c) => c.method === 'response_url' && c.path === path);
  }

  /** The first post to `url`, once it arrives. */
  reply(url: string, what: string): Promise<SlackCall> {
    return waitFor(() => this.responsesTo(url)[0], what);
  }

  /** `/pin <text>` as `slackUserId`; returns its response_url and the acknowledgement. */
  async command(slackUserId: string, text: string) {
    const responseUrl = this.slack.responseUrl();
    const posted = await this.requests.command({ userId: slackUserId, text, responseUrl });
    return { responseUrl, posted };
  }

  /** `/pin new` as `slackUserId`, until its DM is posted and the command answered; returns the DM and its button. */
  async pinNew(slackUserId: string): Promise<RevealOffer> {
    const before = this.slack.callsTo('chat.postMessage').length;
    const { responseUrl, posted } = await this.command(slackUserId, 'new');
    expect(posted.status).toBe(200);
    const dm = await waitFor(() => this.slack.callsTo('chat.postMessage')[before], 'the DM');
    await this.reply(responseUrl, 'the command reply');
    const blocks = dm.params.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'pin_reveal')!;
    const channelId = dm.params.channel as string;
    const ts = (dm.response as { ts: string }).ts;
    return { dm, button, posted, channelId, ts, responseUrl };
  }

  /** Presses the DM's reveal button; `triggerId` fixes the interaction. */
  clickReveal(slackUserId: string, offer: RevealOffer, triggerId?: string) {
    const { deliveries, responseUrl } = this.deliverReveal(slackUserId, offer, 1, triggerId);
    return { sent: deliveries[0]!, responseUrl };
  }

  /**
   * One reveal click delivered `times` times at once, byte for byte the same body (one trigger_id,
   * one response_url), the later ones marked as Slack marks its retries.
   */
  deliverReveal(slackUserId: string, offer: RevealOffer, times: number, triggerId?: string) {
    const responseUrl = this.slack.responseUrl();
    const body = this.requests.clickBody({
      userId: slackUserId,
      actionId: 'pin_reveal',
      value: offer.button.value,
      channelId: offer.channelId,
      messageTs: offer.ts,
      responseUrl,
      ...(triggerId ? { triggerId } : {}),
    });
    const deliveries = Array.from({ length: times }, (_, i) =>
      this.requests.post(body, 'application/x-www-form-urlencoded', i > 0 ? { retryNum: i } : {}),
    );
    return { deliveries, responseUrl };
  }
}
