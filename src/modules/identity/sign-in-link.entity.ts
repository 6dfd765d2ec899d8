import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../shared/ids';
import { Site } from '../site/site.entity';
import { User } from '../user/user.entity';

/**
 * A one-use sign-in link (DESIGN.md rule 13), stored as the SHA-256 of its code: the code itself
 * lives only in the URL fragment handed to its maker.
 */
@Entity({ tableName: 'sign_in_link' })
export class SignInLink {
  [OptionalProps]?: 'id' | 'createdBy' | 'createdAt' | 'usedAt' | 'sessionTokenId';

  @PrimaryKey({ type: 'string', length: 36 })
  id: string = newId();

  @ManyToOne(() => Site)
  @Index()
  site!: Site;

  @ManyToOne(() => User)
  @Index()
  user!: User;

  @Property({ type: 'string', length: 64, unique: true })
  codeHash!: string;

  /** Who made it: an admin's user id, the Slack service's token id, or 'cli'. */
  @Property({ type: 'string', length: 36, nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Set once, by the one redeem that wins. */
  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'string', length: 36, nullable: true })
  sessionTokenId: string | null = null;
}
