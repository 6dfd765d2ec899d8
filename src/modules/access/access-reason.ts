/** Why a lock said yes or no (contract enum AccessReason; DESIGN.md rule 9). */
export enum AccessReason {
  GRANTED = 'GRANTED',
  INVALID_PIN = 'INVALID_PIN',
  PIN_BLOCKED = 'PIN_BLOCKED',
  NO_PERMISSION = 'NO_PERMISSION',
  OUTSIDE_SCHEDULE = 'OUTSIDE_SCHEDULE',
  LOCKED_OUT = 'LOCKED_OUT',
  PIN_NOT_SUPPORTED = 'PIN_NOT_SUPPORTED',
  /** Offline only: the bridge's replica is older than the site's offlineGraceHours, so it refuses everyone. */
  REPLICA_STALE = 'REPLICA_STALE',
}
