import { orWhenUnavailable, type StoreUnavailableError } from '../../shared/store-unavailable.error';
import type { AccessAttempts, AttemptStart } from './access-attempts.port';
import type { AccessCache } from './access-cache.port';
import type { LockoutCounters, LockoutKey, LockoutPolicy } from './lockout.port';

/**
 * AccessAttempts over a LockoutCounters and an AccessCache, called in the port's order: the
 * in-memory adapter, and the path taken when the one-round-trip adapter cannot answer.
 */
export class ComposedAccessAttempts implements AccessAttempts {
  constructor(
    private readonly lockout: LockoutCounters,
    private readonly cache: AccessCache,
    /** Called with each StoreUnavailableError of the cache (its read is then reported undefined). */
    private readonly onCacheFailure: (err: StoreUnavailableError) => void = () => undefined,
  ) {}

  async start(key: LockoutKey, policy: LockoutPolicy, digest: string): Promise<AttemptStart> {
    const slot = await this.lockout.reserve(key, policy);
    if (!slot.ok) return slot;
    const pin = await this.read(() => this.cache.getPin(key.siteId, digest));
    if (!pin || pin.pending || pin.status !== 'ACTIVE') return { ok: true, reservation: slot.reservation, released: false, pin, grants: undefined };
    const [grants] = await Promise.all([this.read(() => this.cache.getGrants(pin.userId, key.lockId)), this.lockout.release(slot.reservation)]);
    return { ok: true, reservation: slot.reservation, released: true, pin, grants };
  }

  private read<T>(get: () => Promise<T>): Promise<T | undefined> {
    return orWhenUnavailable(get, undefined, this.onCacheFailure);
  }
}
