import { createHmac, randomUUID } from 'node:crypto';

export interface SignOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  /** Sent as Slack sends a retry of a delivery: X-Slack-Retry-Num and X-Slack-Retry-Reason. */
  retryNum?: number;
}

export interface PostedResponse {
  status: number;
  body: string;
  ms: number;
}

export interface CommandOptions {
  userId: string;
  text: string;
  responseUrl: string;
  triggerId?: string;
}

export interface ButtonClickOptions {
  userId: string;
  actionId: string;
  value: string;
  channelId: string;
  messageTs: string;
  responseUrl: string;
  triggerId?: string;
}

/** Signs requests the way Slack does (v0, HMAC-SHA256 of `v0:{ts}:{body}`) and posts them to the bot. */
export class SlackRequests {
  constructor(
    private readonly botUrl: string,
    private readonly signingSecret: string,
  ) {}

  headers(body: string, options: SignOptions = {}): Record<string, string> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const digest = createHmac('sha256', options.secret ?? this.signingSecret)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    const retry: Record<string, string> = options.retryNum
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {};
    return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestamp), ...retry };
  }

  async post(body: string, contentType: string, options: SignOptions & { tamper?: boolean } = {}): Promise<PostedResponse> {
    const headers = { 'content-type': contentType, ...this.headers(body, options) };
    const sent = options.tamper ? body.replace('text=', 'text=x') : body;
    const started = Date.now();
    const res = await fetch(`${this.botUrl}/slack/events`, { method: 'POST', headers, body: sent });
    return { status: res.status, body: await res.text(), ms: Date.now() - started };
  }

  commandBody(o: CommandOptions): string {
    return new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'TPINGATE',
      team_domain: 'pingate',
      channel_id: 'CGENERAL',
      channel_name: 'general',
      user_id: o.userId,
      user_name: o.userId.toLowerCase(),
      command: '/pin',
      text: o.text,
      api_app_id: 'APINGATE',
      is_enterprise_install: 'false',
      response_url: o.responseUrl,
      trigger_id: o.triggerId ?? `trigger.${randomUUID()}`,
    }).toString();
  }

  command(o: CommandOptions, sign: SignOptions & { tamper?: boolean } = {}): Promise<PostedResponse> {
    return this.post(this.commandBody(o), 'application/x-www-form-urlencoded', sign);
  }

  clickBody(o: ButtonClickOptions): string {
    const payload = {
      type: 'block_actions',
      user: { id: o.userId, username: o.userId.toLowerCase(), team_id: 'TPINGATE' },
      api_app_id: 'APINGATE',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: o.messageTs, channel_id: o.channelId, is_ephemeral: false },
      trigger_id: o.triggerId ?? `trigger.${randomUUID()}`,
      team: { id: 'TPINGATE', domain: 'pingate' },
      is_enterprise_install: false,
      channel: { id: o.channelId, name: 'directmessage' },
      message: { type: 'message', ts: o.messageTs, text: 'message' },
      response_url: o.responseUrl,
      actions: [
        {
          type: 'button',
          action_id: o.actionId,
          block_id: 'blk',
          value: o.value,
          text: { type: 'plain_text', text: 'button' },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  click(o: ButtonClickOptions, sign: SignOptions = {}): Promise<PostedResponse> {
    return this.post(this.clickBody(o), 'application/x-www-form-urlencoded', sign);
  }
}
