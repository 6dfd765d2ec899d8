import { createContext, useContext } from 'react';
import type { MeQuery } from '../gql/graphql';

export type Me = NonNullable<MeQuery['me']>;

export const SessionContext = createContext<Me | null>(null);

/** The signed-in person; pages under the shell always have one. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside the signed-in shell');
  return me;
}
