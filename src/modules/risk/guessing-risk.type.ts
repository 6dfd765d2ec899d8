import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType('PinLengthCount')
export class PinLengthCountType {
  @Field(() => Int) length!: number;
  @Field(() => Int, { description: 'ACTIVE PINs of this length.' }) count!: number;
}

@ObjectType('GuessingRisk', { description: 'How likely a stranger guessing at every door is to open one in 24 h (DESIGN.md rule 14).' })
export class GuessingRiskType {
  @Field(() => Float, { description: 'P: the chance a stranger opens a door within 24 h, guessing as the lockout allows.' }) perDay!: number;
  @Field(() => Float, { description: 'The site riskTarget that generated PINs keep P under.' }) target!: number;
  @Field(() => Int, { description: 'G: the most failed guesses the lockout rules allow in 24 h at every door at once.' }) failedGuessCeilingPerDay!: number;
  @Field(() => Int, {
    description: 'Most failed guesses per 24 h per door a bridge allows while offline (offlineMaxFailedAttempts per lockout, lockouts doubling from offlineLockoutSeconds). Counted in G for every door a live bridge serves.',
  })
  offlineGuessCeiling!: number;
  @Field(() => Int, { nullable: true, description: 'The length an attacker should try; null without ACTIVE PINs.' }) weakestLength!: number | null;
  @Field(() => [PinLengthCountType]) pinsByLength!: PinLengthCountType[];
  @Field(() => Int, { description: 'ACTIVE PINs shorter than the length the target asks for now: the ones to re-issue.' }) pinsBelowTargetLength!: number;
  @Field(() => Boolean, { description: 'The site spent its daily failure budget: every failure locks its door.' }) hardened!: boolean;
  @Field(() => Int, { description: 'Locks of the site locked out now.' }) lockedOutLocks!: number;
  @Field(() => Float, { description: 'Share of 24 h one attacker can keep one door locked out.' }) lockoutExposure!: number;
  @Field(() => Float, { description: 'Share of 24 h one attacker can keep every keypad of the site shut.' }) siteLockoutExposure!: number;
}
