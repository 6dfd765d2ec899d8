import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** A codegen'd document (`documentMode: 'string'`): its text, typed with its result and variables. */
export type GraphQLDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/**
 * A failed call to the PinGate API. `code` is the GraphQL `extensions.code` (UNAUTHENTICATED,
 * FORBIDDEN, NOT_FOUND, PIN_ALREADY_ASSIGNED, ...), or UNAVAILABLE when the API could not be
 * reached, timed out or answered with something that is not GraphQL.
 */
export class PinGateError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = 'PinGateError';
  }

  /** True when the request may never have reached the API (or its outcome is unknown). */
  get unavailable(): boolean {
    return this.code === 'UNAVAILABLE';
  }
}

export interface PinGateClientOptions {
  /** The API's /graphql URL. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** Per request, in milliseconds; default 5000. A time-out fails with code UNAVAILABLE. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: unknown } }[];
}

/** GraphQL over fetch: one POST per operation, JSON in and out. */
export class PinGateClient {
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: PinGateClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchFn = options.fetch ?? globalThis.fetch;
  }

  /** Runs one operation; resolves with its `data` or throws PinGateError. Variables are never logged or echoed. */
  async request<TResult, TVariables>(document: GraphQLDocument<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    const query = document.toString();
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/m.exec(query)?.[1] ?? 'anonymous';
    let response: Response;
    let body: GraphQLResponse<TResult>;
    try {
      response = await this.fetchFn(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.options.token}`,
        },
        body: JSON.stringify({ query, variables, operationName }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const reason = (err as { name?: unknown } | null)?.name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : 'unreachable';
      throw new PinGateError('UNAVAILABLE', `PinGate API ${reason}`, operationName);
    }
    try {
      body = (await response.json()) as GraphQLResponse<TResult>;
    } catch {
      throw new PinGateError('UNAVAILABLE', `PinGate API answered HTTP ${response.status} without GraphQL`, operationName);
    }
    const first = body.errors?.[0];
    if (first) {
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
      throw new PinGateError(code, first.message ?? 'PinGate API error', operationName);
    }
    if (!response.ok || body.data === undefined || body.data === null) {
      throw new PinGateError('UNAVAILABLE', `PinGate API answered HTTP ${response.status} without data`, operationName);
    }
    return body.data;
  }
}
