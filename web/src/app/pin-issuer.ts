import { useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { graphql } from '../gql';
import type { AssignPinInput, ReassignPinInput } from '../gql/graphql';

/** Its `code` is shown once: the result is read from the promise, never kept by a hook or the cache. */
export const AssignPinMutation = graphql(`
  mutation AssignPin($input: AssignPinInput!) {
    assignPin(input: $input) {
      code
      pin {
        id
        kind
        status
        length
        createdAt
        blockedAt
      }
    }
  }
`);

/** As AssignPinMutation: the new `code` is shown once. */
export const ReassignPinMutation = graphql(`
  mutation ReassignPin($input: ReassignPinInput!) {
    reassignPin(input: $input) {
      code
      pin {
        id
        kind
        status
        length
        createdAt
        blockedAt
      }
    }
  }
`);

/**
 * Issues PINs (an admin's for a user, a user's own) through the client directly: the digits come
 * back in the promise (network only, never in the document cache or a hook's state) and go straight
 * to `onCode`, the confirmation's state. `assign` and `reassign` resolve true when a PIN was issued.
 */
export function usePinIssuer(onCode: (code: string) => void) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const run = async (send: () => Promise<{ error?: CombinedError; code?: string }>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const res = await send();
      if (res.error) setError(res.error);
      if (res.code) onCode(res.code);
      return !!res.code;
    } finally {
      setBusy(false);
    }
  };
  const context = { requestPolicy: 'network-only' as const, additionalTypenames: ['Pin'] };
  const assign = (input: AssignPinInput) =>
    run(async () => {
      const res = await client.mutation(AssignPinMutation, { input }, context).toPromise();
      return { error: res.error, code: res.data?.assignPin.code };
    });
  const reassign = (input: ReassignPinInput) =>
    run(async () => {
      const res = await client.mutation(ReassignPinMutation, { input }, context).toPromise();
      return { error: res.error, code: res.data?.reassignPin.code };
    });
  return { busy, error, assign, reassign };
}

export type PinIssuer = ReturnType<typeof usePinIssuer>;
