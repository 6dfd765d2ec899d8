import type { CombinedError } from '@urql/core';

const WORDS: Record<string, string> = {
  FORBIDDEN: 'You are not allowed to do this.',
  UNAUTHENTICATED: 'Your session has ended. Sign in again with a new link.',
  NOT_FOUND: 'It no longer exists.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  INTERNAL_SERVER_ERROR: 'PinGate hit an unexpected error. Try again.',
};

/** The words for an API error: the server's message for input errors, a sentence for the others. */
export function describeError(error: CombinedError): string {
  if (error.networkError && error.graphQLErrors.length === 0) return 'PinGate cannot be reached. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : '';
  return WORDS[code] ?? first?.message ?? error.message;
}

export function errorCode(error: CombinedError | undefined): string | null {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

/** An API error shown next to what caused it. */
export function ErrorMessage({ error, id }: { error: CombinedError | undefined | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id} data-code={errorCode(error) ?? undefined}>
      {describeError(error)}
    </p>
  );
}
