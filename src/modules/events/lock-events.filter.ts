import { PinEventType } from './event.entity';
import type { StreamedEvent } from './event.stream';

const AT_THE_LOCK = new Set<PinEventType>([PinEventType.ACCESS_GRANTED, PinEventType.ACCESS_DENIED, PinEventType.LOCKOUT_STARTED, PinEventType.LOCK_UPDATED]);
const PERMISSION_CHANGES = new Set<PinEventType>([PinEventType.PERMISSION_GRANTED, PinEventType.PERMISSION_REVOKED, PinEventType.PERMISSION_UPDATED]);
const PIN_CHANGES = new Set<PinEventType>([PinEventType.PIN_ASSIGNED, PinEventType.PIN_REASSIGNED, PinEventType.PIN_BLOCKED, PinEventType.PIN_UNBLOCKED]);

/**
 * The events that concern one lock (`lockEvents`): decisions and lockouts at it, its own changes
 * (LOCK_UPDATED), changes of the permissions for it, and PIN changes and deletion of the users who hold a permission for it. Holders are read
 * from the permission table when first needed and again after each permission change of the lock,
 * so a replay judges old PIN changes by today's holders. Site-wide events (POLICY_UPDATED) are not
 * about one lock.
 */
export class LockEventFilter {
  private holders: Set<string> | null = null;

  constructor(
    private readonly lockId: string,
    private readonly readHolders: (lockId: string) => Promise<Set<string>>,
  ) {}

  /**
   * The `lock_id`s of the events it may accept, for reading the log by index: this lock's, and none
   * (null: PIN changes and user deletions are about a user and carry no lock).
   */
  static logLocks(lockId: string): Array<string | null> {
    return [lockId, null];
  }

  async accepts(event: StreamedEvent): Promise<boolean> {
    if (AT_THE_LOCK.has(event.type)) return event.lockId === this.lockId;
    if (PERMISSION_CHANGES.has(event.type)) {
      if (event.lockId !== this.lockId) return false;
      this.holders = null;
      return true;
    }
    if (PIN_CHANGES.has(event.type) && event.userId) {
      this.holders ??= await this.readHolders(this.lockId);
      return this.holders.has(event.userId);
    }
    if (event.type === PinEventType.USER_DELETED && event.userId) {
      // Their permissions went with them, in the same transaction: ask the table again afterwards.
      this.holders ??= await this.readHolders(this.lockId);
      const held = this.holders.has(event.userId);
      this.holders = null;
      return held;
    }
    return false;
  }
}
