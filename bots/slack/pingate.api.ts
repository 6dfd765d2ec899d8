import {
  AssignPinDocument,
  BlockPinDocument,
  ReassignPinDocument,
  SignInLinkDocument,
  SiteAdminsDocument,
  SlackUserDocument,
  type SlackUserQuery,
} from '../gql/graphql';
import type { PinGateClient } from './pingate.client';

export type SlackLinkedUser = NonNullable<SlackUserQuery['userBySlackId']>;
export type PinSummary = SlackLinkedUser['pins'][number];

/** A PIN just issued: the only value in the bot that ever holds digits. Never log it. */
export interface IssuedPin {
  pinId: string;
  code: string;
  /** True when it replaced an ACTIVE AUTO PIN (which stopped working), false when it is the user's first. */
  replacedPrevious: boolean;
}

/** A one-use sign-in link; its URL holds the code. Never log it. */
export interface SignInLinkGiven {
  url: string;
  expiresAt: Date;
}

/** Minutes a link sent by DM stays valid (the API allows the service at most 60). */
export const SLACK_LINK_MINUTES = 15;

export interface SiteAdmin {
  name: string;
  slackUserId: string | null;
}

/** What the bot asks of PinGate, for one site, with a SERVICE token. */
export class PinGateApi {
  constructor(
    private readonly client: PinGateClient,
    readonly siteId: string,
  ) {}

  /** The PinGate user linked to this Slack user, with their PINs; null when none is. */
  async slackUser(slackUserId: string): Promise<SlackLinkedUser | null> {
    const data = await this.client.request(SlackUserDocument, { siteId: this.siteId, slackUserId });
    return data.userBySlackId;
  }

  /** The site's admins the token may see (a SERVICE token sees users with a Slack account); [] when refused. */
  async siteAdmins(): Promise<SiteAdmin[]> {
    const data = await this.client.request(SiteAdminsDocument, { siteId: this.siteId });
    return (data.site?.users ?? []).filter((u) => u.role === 'ADMIN').map((u) => ({ name: u.name, slackUserId: u.slackUserId }));
  }

  /** A new AUTO PIN: replaces the user's ACTIVE AUTO PIN when there is one, else assigns a first one. */
  async issueAutoPin(user: SlackLinkedUser): Promise<IssuedPin> {
    const active = user.pins.find((p) => p.kind === 'AUTO' && p.status === 'ACTIVE');
    if (active) {
      const { reassignPin } = await this.client.request(ReassignPinDocument, { input: { pinId: active.id } });
      return { pinId: reassignPin.pin.id, code: reassignPin.code, replacedPrevious: true };
    }
    const { assignPin } = await this.client.request(AssignPinDocument, { input: { userId: user.id, kind: 'AUTO' } });
    return { pinId: assignPin.pin.id, code: assignPin.code, replacedPrevious: false };
  }

  /** A one-use sign-in link for a linked user, valid SLACK_LINK_MINUTES. */
  async signInLink(user: SlackLinkedUser): Promise<SignInLinkGiven> {
    const { createSignInLink } = await this.client.request(SignInLinkDocument, { userId: user.id, expiresInMinutes: SLACK_LINK_MINUTES });
    return { url: createSignInLink.url, expiresAt: new Date(createSignInLink.expiresAt) };
  }

  async blockPin(pinId: string): Promise<void> {
    await this.client.request(BlockPinDocument, { pinId });
  }
}
