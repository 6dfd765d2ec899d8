import type { TypedDocumentString } from '../gql/graphql';

interface Response<T> {
  data?: T | null;
  errors?: Array<{ message?: string; extensions?: { code?: unknown } }>;
}

/** A refused or failed call; `code` is the GraphQL `extensions.code`, or UNAVAILABLE when no URL answered in time. */
export class AccessError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

export const isUnreachable = (err: unknown): boolean => err instanceof AccessError && err.code === 'UNAVAILABLE';

export interface ApiClientOptions {
  /** Called after every answer from the API (an error with a code included): it is reachable. */
  onAnswer?: () => void;
  /** Called when a call found no URL answering in time. */
  onUnreachable?: () => void;
}

/**
 * GraphQL over POST with the bridge token, trying the API URLs in turn when one does not answer
 * (a node restarting) or answers that it failed (HTTP 5xx, INTERNAL_SERVER_ERROR). One deadline
 * covers all the URLs of a call; when none answered in time, the call fails with UNAVAILABLE.
 * Variables are sent, never logged.
 */
export class ApiClient {
  private preferred = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly token: string,
    private readonly options: ApiClientOptions = {},
  ) {}

  async request<T, V>(document: TypedDocumentString<T, V>, variables: V, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: AccessError | null = null;
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.preferred + i) % this.urls.length;
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const data = await this.post<T>(this.urls[index], document.toString(), variables, left);
        this.preferred = index;
        return data;
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        lastError = err as AccessError;
      }
    }
    this.options.onUnreachable?.();
    throw lastError ?? new AccessError('UNAVAILABLE', `PinGate did not answer within ${timeoutMs} ms`);
  }

  private async post<T>(url: string, query: string, variables: unknown, timeoutMs: number): Promise<T> {
    let body: Response<T>;
    let status: number;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      body = (await res.json()) as Response<T>;
    } catch {
      throw new AccessError('UNAVAILABLE', `PinGate at ${url} did not answer`);
    }
    const error = body.errors?.[0];
    const code = typeof error?.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
    // A node that answers but cannot decide (its database is down...) is no better than none.
    if (status >= 500 || ((error || !body.data) && code === 'INTERNAL_SERVER_ERROR')) {
      throw new AccessError('UNAVAILABLE', `PinGate at ${url} failed (${status} ${code})`);
    }
    this.options.onAnswer?.();
    if (error || !body.data) throw new AccessError(code, error?.message ?? 'PinGate returned no data');
    return body.data;
  }
}
