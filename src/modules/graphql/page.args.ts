import { ArgsType, Field, ID, Int } from 'type-graphql';
import { badInput } from '../../shared/errors';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 100, description: '1 to 1000.' }) first!: number;
  @Field(() => ID, { nullable: true, description: 'The id of the last item of the previous page.' }) after?: string | null;
}

export function page(args: PageArgs): { first: number; after: string | null } {
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first must be from 1 to 1000', 'first');
  return { first, after: args.after ?? null };
}
