import { LockAccessDocument, type LockAccessQuery } from '../gql/graphql';

export type Decision = LockAccessQuery['lockAccess'];

interface Response {
  data?: LockAccessQuery | null;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

/** A refused or failed `lockAccess` call; `code` is the GraphQL `extensions.code`, or UNAVAILABLE. */
export class AccessError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

/**
 * Asks PinGate whether a PIN opens the lock (`lockAccess`, over POST only: a PIN never goes into a
 * URL). Tries the API URLs in turn when one does not answer, so a door keeps working while a node
 * restarts. The PIN is sent, never logged.
 */
export class AccessClient {
  private preferred = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly lockId: string,
    private readonly timeoutMs = 5000,
  ) {}

  async check(pin: string): Promise<Decision> {
    let lastError: AccessError | null = null;
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.preferred + i) % this.urls.length;
      try {
        const decision = await this.ask(this.urls[index], pin);
        this.preferred = index;
        return decision;
      } catch (err) {
        if (!(err instanceof AccessError) || err.code !== 'UNAVAILABLE') throw err;
        lastError = err;
      }
    }
    throw lastError ?? new AccessError('UNAVAILABLE', 'no PinGate URL configured');
  }

  private async ask(url: string, pin: string): Promise<Decision> {
    let body: Response;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query: LockAccessDocument.toString(), variables: { lockId: this.lockId, pin } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = (await res.json()) as Response;
    } catch {
      throw new AccessError('UNAVAILABLE', `PinGate at ${url} did not answer`);
    }
    const error = body.errors?.[0];
    if (error || !body.data) {
      const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
      throw new AccessError(code, error?.message ?? 'lockAccess returned no data');
    }
    return body.data.lockAccess;
  }
}

/** What the keypad shows: OPEN, or DENIED with the reason. */
export function describeDecision(d: Decision): string {
  if (d.granted) return 'OPEN';
  if (d.reason === 'LOCKED_OUT' && d.retryAfterSeconds != null) return `DENIED (LOCKED_OUT, retry in ${d.retryAfterSeconds} s)`;
  return `DENIED (${d.reason})`;
}
