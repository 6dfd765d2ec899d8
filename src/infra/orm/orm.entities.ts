import { BridgeVerifier } from '../../modules/bridge/bridge-verifier.entity';
import { AccessToken } from '../../modules/token/token.entity';
import { EventRecord } from '../../modules/events/event.entity';
import { Lock } from '../../modules/lock/lock.entity';
import { Permission } from '../../modules/access/permission.entity';
import { Pin } from '../../modules/pin/pin.entity';
import { SignInLink } from '../../modules/identity/sign-in-link.entity';
import { Site } from '../../modules/site/site.entity';
import { User } from '../../modules/user/user.entity';

export const entities = [Site, User, Lock, Permission, Pin, AccessToken, EventRecord, SignInLink, BridgeVerifier];
