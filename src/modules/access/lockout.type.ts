import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('LockoutStatus', { description: "A door's keypad lockout now, from the lockout counters (admins only)." })
export class LockoutStatusType {
  @Field(() => Boolean, { description: 'True while the keypad answers LOCKED_OUT (its own lockout or the site in its last stage).' }) lockedOut!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the keypad opens again.' }) until!: Date | null;
  @Field(() => Int, { description: 'Failures counted at the door in the last 10 minutes.' }) failures!: number;
}
