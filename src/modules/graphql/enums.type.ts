import { registerEnumType } from 'type-graphql';
import { Weekday } from '../access/schedule';
import { PinEventType } from '../events/event.entity';
import { PinKind, PinStatus } from '../pin/pin.entity';
import { SitePlan } from '../site/site.entity';
import { Role } from '../user/user.entity';
import { AccessReason } from '../access/access-reason';
import { PrincipalKind as TokenKind } from '../token/token.entity';

registerEnumType(SitePlan, { name: 'SitePlan' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(PinKind, { name: 'PinKind' });
registerEnumType(PinStatus, { name: 'PinStatus' });
registerEnumType(Weekday, { name: 'Weekday' });
registerEnumType(PinEventType, { name: 'PinEventType' });
registerEnumType(AccessReason, { name: 'AccessReason' });
registerEnumType(TokenKind, { name: 'TokenKind' });

export { AccessReason, PinEventType, PinKind, PinStatus, Role, SitePlan, TokenKind, Weekday };
