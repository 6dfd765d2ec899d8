import { BigIntType, Entity, OptionalProps, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';

export enum SitePlan {
  STANDARD = 'STANDARD',
  PRO = 'PRO',
}

@Entity({ tableName: 'site' })
export class Site {
  [OptionalProps]?: 'id' | 'autoPinLength' | 'customPinsEnabled' | 'maxFailedAttempts' | 'lockoutSeconds' | 'siteFailureBudget' | 'dailyFailureBudget' | 'siteLockdownBudget' | 'riskTarget' | 'customPinMinLength' | 'pinReuseQuarantineDays' | 'eventSeq' | 'credentialsVersion' | 'createdAt' | 'offlineGraceHours' | 'offlineMaxFailedAttempts' | 'offlineLockoutSeconds';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Enum({ items: () => SitePlan, type: 'string' })
  plan!: SitePlan;

  @Property({ type: 'string', length: 64 })
  timezone!: string;

  @Property({ type: 'integer' })
  autoPinLength: number = 6;

  @Property({ type: 'boolean' })
  customPinsEnabled: boolean = false;

  @Property({ type: 'integer' })
  maxFailedAttempts: number = 5;

  @Property({ type: 'integer' })
  lockoutSeconds: number = 60;

  /** Failures over all locks of the site, per 10 minutes, before every lock locks out after one. */
  @Property({ type: 'integer' })
  siteFailureBudget: number = 20;

  /** Failures over all locks of the site within 24 h that harden it (DESIGN.md rule 10). */
  @Property({ type: 'integer' })
  dailyFailureBudget: number = 50;

  /** Failures beyond the daily budget within 24 h after which every keypad of the site refuses PINs. */
  @Property({ type: 'integer' })
  siteLockdownBudget: number = 50;

  /** The chance per 24 h that a stranger guessing at every door opens one that generated PINs keep under (DESIGN.md rule 14). */
  @Property({ type: 'float' })
  riskTarget: number = 0.01;

  /** Fewest digits of a custom PIN; null: the default {@link customPinMinLengthOf} derives from the target. */
  @Property({ type: 'integer', nullable: true })
  customPinMinLength: number | null = null;

  @Property({ type: 'integer' })
  pinReuseQuarantineDays: number = 365;

  /** Last event sequence number handed out; bumped under the row lock (DESIGN.md rule 11). */
  @Property({ type: 'integer' })
  eventSeq: number = 0;

  /**
   * Raised in the transaction of every change that takes credentials away (DESIGN.md rule 12);
   * written and read by CredentialsVersions only.
   */
  @Property({ type: new BigIntType('number') })
  credentialsVersion: number = 0;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Hours after its last sync a bridge keeps deciding offline; past them it refuses everyone (REPLICA_STALE). */
  @Property({ type: 'integer' })
  offlineGraceHours: number = 72;

  /** Failures at one door within 10 minutes that lock its keypad out while its bridge is offline. */
  @Property({ type: 'integer' })
  offlineMaxFailedAttempts: number = 3;

  /** First offline lockout; doubles per repeat, capped at 24 h. */
  @Property({ type: 'integer' })
  offlineLockoutSeconds: number = 60;
}

/** Longest custom PIN (DESIGN.md rule 7). */
export const CUSTOM_PIN_MAX_LENGTH = 6;

/** Fewest digits of a custom PIN (DESIGN.md rules 7, 14): the policy's, else 6 at a target of 0.01 or tighter, else 4. */
export const customPinMinLengthOf = (site: Pick<Site, 'customPinMinLength' | 'riskTarget'>): number =>
  site.customPinMinLength ?? (site.riskTarget <= 0.01 ? 6 : 4);
