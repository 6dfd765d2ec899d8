import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { SitePlan } from '../graphql/enums.type';

@ObjectType('PinPolicy')
export class PinPolicyType {
  @Field(() => Int) autoPinLength!: number;
  @Field(() => Boolean) customPinsEnabled!: boolean;
  @Field(() => Int) customPinMinLength!: number;
  @Field(() => Int) customPinMaxLength!: number;
  @Field(() => Int) maxFailedAttempts!: number;
  @Field(() => Int) lockoutSeconds!: number;
  @Field(() => Int, { description: 'Failures over the site in 24 h that harden it: every further failure locks its door for the rest of the hardening.' })
  dailyFailureBudget!: number;
  @Field(() => Int, { description: 'Failures beyond dailyFailureBudget in 24 h after which every keypad of the site answers LOCKED_OUT until the hardening ends or an admin clears it.' })
  siteLockdownBudget!: number;
  @Field(() => Float, { description: 'Chance per 24 h of a stranger opening a door that generated PIN lengths keep P under (default 0.01).' }) riskTarget!: number;
  @Field(() => Int, { description: 'Days a retired PIN is kept from other users.' }) pinReuseQuarantineDays!: number;
  @Field(() => Int, { description: 'Hours after its last sync an offline bridge keeps deciding; past them it refuses everyone (REPLICA_STALE).' }) offlineGraceHours!: number;
  @Field(() => Int, { description: 'Failures at one door within 10 minutes that lock it out while its bridge is offline.' }) offlineMaxFailedAttempts!: number;
  @Field(() => Int, { description: 'First offline lockout in seconds; doubles per repeat, capped at 24 h.' }) offlineLockoutSeconds!: number;
}

@ObjectType('Site')
export class SiteType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => SitePlan) plan!: SitePlan;
  @Field(() => String, { description: 'IANA timezone; schedules are read on its wall clock.' }) timezone!: string;
}
