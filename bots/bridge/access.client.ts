import { LockAccessDocument, type LockAccessQuery } from '../gql/graphql';
import { ApiClient } from './api.client';

export { AccessError } from './api.client';

export type Decision = LockAccessQuery['lockAccess'];

/**
 * Asks PinGate whether a PIN opens the lock (`lockAccess`, over POST only: a PIN never goes into a
 * URL). Tries the API URLs in turn when one does not answer, so a door keeps working while a node
 * restarts. The PIN is sent, never logged.
 */
export class AccessClient {
  private readonly api: ApiClient;

  constructor(
    urls: readonly string[] | ApiClient,
    token: string,
    private readonly lockId: string,
    private readonly timeoutMs = 5000,
  ) {
    this.api = urls instanceof ApiClient ? urls : new ApiClient(urls, token);
  }

  async check(pin: string): Promise<Decision> {
    return (await this.api.request(LockAccessDocument, { lockId: this.lockId, pin }, this.timeoutMs)).lockAccess;
  }
}

/** What the keypad shows: OPEN, or DENIED with the reason. */
export function describeDecision(d: Decision): string {
  if (d.granted) return 'OPEN';
  if (d.reason === 'LOCKED_OUT' && d.retryAfterSeconds != null) return `DENIED (LOCKED_OUT, retry in ${d.retryAfterSeconds} s)`;
  return `DENIED (${d.reason})`;
}
