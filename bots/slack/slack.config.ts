import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A string whose absence reads "is required" rather than zod's type message. */
const text = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : undefined) });

const httpUrl = (what: string) =>
  text().refine((v) => /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v), { message: `must be an http(s) URL ${what}` });

const schema = z.object({
  SLACK_BOT_TOKEN: text().startsWith('xoxb-', 'must be a bot token (xoxb-...)'),
  SLACK_SIGNING_SECRET: text(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token (xapp-...)').optional(),
  SLACK_API_URL: httpUrl('(the Slack Web API base, e.g. https://slack.com/api/)').optional(),
  SLACK_BOT_ID: z.string().min(1).optional(),
  SLACK_BOT_USER_ID: z.string().min(1).optional(),
  BOT_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PINGATE_URL: httpUrl("(the API's /graphql URL)"),
  PINGATE_TOKEN: text(),
  PINGATE_SITE_ID: text(),
  PINGATE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface SlackBotConfig {
  slack: {
    botToken: string;
    signingSecret: string;
    /** Set: Socket Mode. Null: the HTTP receiver on `port`, path /slack/events. */
    appToken: string | null;
    /** Another Slack Web API base (tests, an enterprise proxy); always ends with "/". Null: https://slack.com/api/. */
    apiUrl: string | null;
    /** Both set: the bot never calls auth.test (tokenVerificationEnabled: false). */
    botId: string | null;
    botUserId: string | null;
  };
  /** HTTP receiver port; 0 picks a free one (tests). */
  port: number;
  pingate: {
    /** The API's /graphql URL. */
    url: string;
    /** A SERVICE token of the site. */
    token: string;
    siteId: string;
    timeoutMs: number;
  };
  /** Where one-time state (reveal nonces, seen deliveries) lives; null: process memory. */
  redisUrl: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
}

export class SlackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Slack bot configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'SlackConfigError';
  }
}

/** Parses the environment once; throws SlackConfigError listing every problem at once. */
export function loadSlackBotConfig(env: NodeJS.ProcessEnv = process.env): SlackBotConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blankless);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Checked beside zod, not in a refinement: zod skips refinements when a field already failed.
  if (('SLACK_BOT_ID' in blankless) !== ('SLACK_BOT_USER_ID' in blankless)) {
    const missing = 'SLACK_BOT_ID' in blankless ? 'SLACK_BOT_USER_ID' : 'SLACK_BOT_ID';
    problems.push(`${missing}: must be set together with the other one (or neither)`);
  }
  if (!parsed.success || problems.length > 0) throw new SlackConfigError(problems);
  const c = parsed.data;
  return {
    slack: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET,
      appToken: c.SLACK_APP_TOKEN ?? null,
      apiUrl: c.SLACK_API_URL ? c.SLACK_API_URL.replace(/\/*$/, '/') : null,
      botId: c.SLACK_BOT_ID ?? null,
      botUserId: c.SLACK_BOT_USER_ID ?? null,
    },
    port: c.BOT_PORT,
    pingate: { url: c.PINGATE_URL, token: c.PINGATE_TOKEN, siteId: c.PINGATE_SITE_ID, timeoutMs: c.PINGATE_TIMEOUT_MS },
    redisUrl: c.REDIS_URL ?? null,
    logLevel: c.LOG_LEVEL,
  };
}
