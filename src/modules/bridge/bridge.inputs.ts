import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { AccessReason } from '../graphql/enums.type';

export enum OfflineDecisionType {
  ACCESS_GRANTED = 'ACCESS_GRANTED',
  ACCESS_DENIED = 'ACCESS_DENIED',
  LOCKOUT_STARTED = 'LOCKOUT_STARTED',
}

export enum ExposedPinAction {
  /** Block every exposed ACTIVE PIN. */
  BLOCK = 'BLOCK',
  /** Give each exposed AUTO PIN new generated digits (shown once); exposed CUSTOM PINs are blocked, their users choose again. */
  REISSUE = 'REISSUE',
}

registerEnumType(OfflineDecisionType, { name: 'OfflineDecisionType' });
registerEnumType(ExposedPinAction, {
  name: 'ExposedPinAction',
  valuesConfig: {
    BLOCK: { description: 'Block every exposed ACTIVE PIN.' },
    REISSUE: { description: 'Re-assign every exposed AUTO PIN with new generated digits (shown once); exposed CUSTOM PINs are blocked, as only their user may choose new digits.' },
  },
});

@InputType('OfflineDecisionInput', { description: 'A decision a bridge made while the API was unreachable.' })
export class OfflineDecisionInput {
  @Field(() => ID, { description: 'Made by the bridge (a UUID); the same id reported twice is recorded once.' }) id!: string;
  @Field(() => ID) lockId!: string;
  @Field(() => Date, { description: 'When the keypad answered (real time): at most offlineGraceHours + 24 h ago, at most 5 minutes ahead.' }) at!: Date;
  @Field(() => OfflineDecisionType) type!: OfflineDecisionType;
  @Field(() => AccessReason, { nullable: true, description: 'Required for ACCESS_GRANTED (GRANTED) and ACCESS_DENIED (any other reason); none for LOCKOUT_STARTED.' }) reason?: AccessReason | null;
  @Field(() => ID, { nullable: true, description: 'The PIN whose verifier matched, if one did.' }) pinId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The user of that PIN.' }) userId?: string | null;
  @Field(() => Int, { nullable: true, description: 'LOCKOUT_STARTED: the failures that started it.' }) failedAttempts?: number | null;
}
