import type pino from 'pino';
import type { NonceStore } from './nonce.store';
import type { PinGateApi } from './pingate.api';
import { DELIVERY_TTL_MS, deliveryKey } from './reveal.nonce';

/** What every listener works with. */
export interface BotServices {
  pingate: PinGateApi;
  nonces: NonceStore;
  logger: pino.Logger;
  clock: () => Date;
}

/**
 * True for the first delivery of a Slack interaction; false for Slack's retries and duplicates
 * of it (same trigger_id), which are acknowledged and otherwise ignored.
 */
export async function firstDelivery(services: BotServices, triggerId: string | undefined): Promise<boolean> {
  if (!triggerId) return true;
  return services.nonces.put(deliveryKey(triggerId), '1', DELIVERY_TTL_MS);
}
