import pino from 'pino';
import type { Logger as BoltLogger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';
import { describeError, isErrorLike } from './safe-error';
import type { SlackBotConfig } from './slack.config';

/** Field names that could ever hold a secret; PinGate error codes are logged as `errorCode`. */
const REDACT = ['pin', 'code', 'token', 'authorization', '*.pin', '*.code', '*.token', '*.authorization'];

/** The bot's pino logger; `destination` lets tests capture every line. */
export function createSlackLogger(
  level: SlackBotConfig['logLevel'],
  destination?: pino.DestinationStream,
): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'pingate-slack-bot' },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Bolt's Logger over pino. Bolt's and the Web API client's debug output is dropped whatever the
 * level: it prints request bodies, and the body of views.open holds the PIN digits.
 * Error arguments are reduced to name, message and code for the same reason.
 */
export function boltLogger(parent: pino.Logger): BoltLogger {
  let name = 'bolt';
  let log = parent.child({ module: name });
  const write = (level: 'info' | 'warn' | 'error', args: unknown[]) => {
    const errors = args.filter(isErrorLike).map(describeError);
    const text = args
      .filter((a) => !isErrorLike(a))
      .map((a) => (typeof a === 'string' || typeof a === 'number' ? String(a) : `[${typeof a}]`))
      .join(' ');
    if (errors.length > 0) log[level]({ error: errors[0] }, text);
    else log[level](text);
  };
  return {
    debug: () => undefined,
    info: (...args) => write('info', args),
    warn: (...args) => write('warn', args),
    error: (...args) => write('error', args),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: (next) => {
      name = next;
      log = parent.child({ module: name });
    },
  };
}
