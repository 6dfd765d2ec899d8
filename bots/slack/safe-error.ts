/**
 * What may be logged about an error: its name, message and codes, never its own properties.
 * A failed views.open wraps the fetch error whose request body holds the PIN digits, and
 * pino's err serializer would copy it; so errors are always described, never logged as they are.
 */
export interface SafeError {
  name: string;
  message: string;
  /** PinGate `extensions.code`, Slack Web API `error` or a Node error code. */
  errorCode?: string;
}

/** Duck-typed: errors from another realm (Node's fetch, a test VM) fail `instanceof Error`. */
export function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).name === 'string');
}

export function describeError(err: unknown): SafeError {
  if (!isErrorLike(err)) return { name: 'NonError', message: typeof err === 'string' ? err : typeof err };
  const withCode = err as Error & { code?: unknown; data?: { error?: unknown } };
  const slackError = typeof withCode.data?.error === 'string' ? withCode.data.error : undefined;
  const code = typeof withCode.code === 'string' ? withCode.code : undefined;
  const errorCode = slackError ?? code;
  return { name: err.name, message: err.message, ...(errorCode ? { errorCode } : {}) };
}
