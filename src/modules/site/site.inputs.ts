import { Field, Float, InputType, Int } from 'type-graphql';

@InputType('PinPolicyInput')
export class PinPolicyInput {
  @Field(() => Int, { nullable: true, description: 'Digits of generated PINs, 6 to 9.' }) autoPinLength?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'PRO sites only.' }) customPinsEnabled?: boolean | null;
  @Field(() => Int, { nullable: true, description: '1 to 20 failures at one lock in 10 minutes.' }) maxFailedAttempts?: number | null;
  @Field(() => Float, { nullable: true, description: 'Guessing risk per 24 h that generated PINs keep under, 1e-6 to 0.1.' }) riskTarget?: number | null;
  @Field(() => Int, { nullable: true, description: 'Fewest digits of a custom PIN, 4 to 6 (default 6 at a riskTarget of 0.01 or tighter, else 4).' }) customPinMinLength?: number | null;
  @Field(() => Int, { nullable: true, description: 'First lockout, 1 to 900 s; doubles per repeat, capped at 900.' }) lockoutSeconds?: number | null;
  @Field(() => Int, { nullable: true, description: '1 to 10000 failures over the site in 24 h that harden it.' }) dailyFailureBudget?: number | null;
  @Field(() => Int, { nullable: true, description: '1 to 10000 failures beyond the daily budget after which every keypad refuses PINs.' }) siteLockdownBudget?: number | null;
  @Field(() => Int, { nullable: true, description: 'Hours after its last sync an offline bridge keeps deciding, 1 to 720 (default 72).' }) offlineGraceHours?: number | null;
  @Field(() => Int, { nullable: true, description: 'Failures at one door within 10 minutes that lock it out while its bridge is offline, 1 to 10 (default 3).' }) offlineMaxFailedAttempts?: number | null;
  @Field(() => Int, { nullable: true, description: 'First offline lockout, 10 to 3600 s (default 60); doubles per repeat, capped at 24 h.' }) offlineLockoutSeconds?: number | null;
}
