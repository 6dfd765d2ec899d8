import { forbidden, notFound } from '../../shared/errors';
import type { Principal } from '../../shared/principal';
import type { User } from '../user/user.entity';
import { PinKind } from './pin.entity';

export type PinAction = 'issue' | 'block' | 'unblock' | 'read';

/**
 * Who may do what to a user's PINs (DESIGN.md rules 7, 8, 12): the user anything but unblock;
 * an admin of the site AUTO PINs, blocking and unblocking; the Slack service the AUTO PINs and
 * blocking of Slack-linked users. Custom digits are only ever chosen by their own user.
 */
export function assertMayTouchPins(p: Principal, user: User, action: PinAction, kind?: PinKind): void {
  if (p.siteId !== user.site.id) throw notFound('User');
  const self = p.kind === 'USER' && p.userId === user.id;
  const admin = p.kind === 'USER' && p.role === 'ADMIN';
  const service = p.kind === 'SERVICE' && user.slackUserId !== null;
  let allowed: boolean;
  switch (action) {
    case 'issue':
      allowed = kind === PinKind.CUSTOM ? self : self || admin || service;
      break;
    case 'block':
    case 'read':
      allowed = self || admin || service;
      break;
    case 'unblock':
      allowed = admin;
      break;
  }
  if (!allowed) {
    throw forbidden(kind === PinKind.CUSTOM && action === 'issue' ? 'Only its own user may choose a custom PIN' : 'Not allowed to change this PIN');
  }
}
