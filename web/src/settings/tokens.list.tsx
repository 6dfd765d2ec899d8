import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import type { SiteTokensQuery, TokenKind } from '../gql/graphql';
import { RevokeTokenMutation, TokensQuery } from './settings.operations';
import { when } from './settings.words';
import { TOKEN_LISTS } from './token-create.form';

const PAGE_SIZE = 50;

type Token = NonNullable<SiteTokensQuery['site']>['tokens'][number];

const KIND: Record<TokenKind, string> = { BRIDGE: 'Bridge', SERVICE: 'Service', USER: 'Session' };

export type RevokedBridge = { id: string; name: string };

function TokenRow({ token, creator, onRevokedBridge }: { token: Token; creator: string; onRevokedBridge: (t: RevokedBridge) => void }) {
  const timezone = useMe().site.timezone;
  const [asking, setAsking] = useState(false);
  const [{ fetching, error }, revoke] = useMutation(RevokeTokenMutation);
  const label = token.name ?? token.user?.name ?? '(unnamed)';
  const confirm = async () => {
    const res = await revoke({ id: token.id }, TOKEN_LISTS);
    if (!res.data?.revokeToken) return;
    setAsking(false);
    if (token.kind === 'BRIDGE') onRevokedBridge({ id: token.id, name: label });
  };
  return (
    <tr>
      <td>{KIND[token.kind]}</td>
      <td>{label}</td>
      <td>{creator}</td>
      <td>{when(token.createdAt, timezone)}</td>
      <td>{token.lastUsedAt ? when(token.lastUsedAt, timezone) : 'Never'}</td>
      <td>{token.expiresAt ? when(token.expiresAt, timezone) : 'Never'}</td>
      <td>{token.revokedAt ? when(token.revokedAt, timezone) : '—'}</td>
      <td>
        {!token.revokedAt &&
          (asking ? (
            <span className="confirm" role="group" aria-label={`Confirm revoking ${label}`}>
              Revoke {label}? It is refused from now on
              {token.kind === 'BRIDGE'
                ? '; the PINs this bridge held (exposed) are listed next, to block or re-issue.'
                : token.kind === 'USER'
                  ? ': that session ends (if it is yours, you are signed out).'
                  : '.'}{' '}
              <button type="button" className="danger" disabled={fetching} onClick={confirm}>
                Revoke token
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="secondary" onClick={() => setAsking(true)} aria-label={`Revoke ${label}…`}>
              Revoke…
            </button>
          ))}
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

/** Who made a token, in words: the admin, the command line or another token. */
function useCreatorName(names: Map<string, string>) {
  const me = useMe();
  return (createdBy: string | null | undefined): string => {
    if (!createdBy) return '—';
    if (createdBy === 'cli') return 'Command line';
    if (createdBy === me.id) return `${me.name} (you)`;
    return names.get(createdBy) ?? 'Another admin or token';
  };
}

function TokensPage({ after, includeRevoked, isLast, names, onMore, onSeen, onRevokedBridge }: {
  after: string | null;
  includeRevoked: boolean;
  isLast: boolean;
  names: Map<string, string>;
  onMore: (after: string) => void;
  onSeen: (tokens: Token[]) => void;
  onRevokedBridge: (t: RevokedBridge) => void;
}) {
  const me = useMe();
  const [{ data, fetching, error }] = useQuery({ query: TokensQuery, variables: { siteId: me.site.id, first: PAGE_SIZE, after, includeRevoked }, context: TOKEN_LISTS });
  const tokens = data?.site?.tokens ?? [];
  const creator = useCreatorName(names);
  useEffect(() => {
    if (tokens.length > 0) onSeen(tokens);
  }, [tokens, onSeen]);
  return (
    <>
      {tokens.map((t) => (
        <TokenRow key={t.id} token={t} creator={creator(t.createdBy)} onRevokedBridge={onRevokedBridge} />
      ))}
      {isLast && (
        <tr>
          <td colSpan={8}>
            {fetching && <span aria-live="polite">Loading…</span>}
            <ErrorMessage error={error} />
            {!fetching && tokens.length === PAGE_SIZE && (
              <button type="button" className="secondary" onClick={() => onMore(tokens[tokens.length - 1].id)}>
                Load more
              </button>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/** The site's tokens and sessions, without secrets, paged; revoking asks first. */
export function TokensList({ onRevokedBridge }: { onRevokedBridge: (t: RevokedBridge) => void }) {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [afters, setAfters] = useState<Array<string | null>>([null]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  // Names of the tokens and session users seen so far, for "Created by".
  const onSeen = useCallback((tokens: Token[]) => {
    setNames((known) => {
      const next = new Map(known);
      for (const t of tokens) {
        if (t.name) next.set(t.id, t.name);
        if (t.user) next.set(t.user.id, t.user.name);
      }
      return next.size === known.size ? known : next;
    });
  }, []);
  const toggle = (on: boolean) => {
    setIncludeRevoked(on);
    setAfters([null]);
  };
  return (
    <section aria-labelledby="tokens-h">
      <h3 id="tokens-h">Tokens and sessions</h3>
      <label className="inline">
        <input type="checkbox" checked={includeRevoked} onChange={(e) => toggle(e.target.checked)} />
        Show revoked and expired ones too
      </label>
      <table>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name or user</th>
            <th scope="col">Created by</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Revoked</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {afters.map((after, i) => (
            <TokensPage
              key={`${includeRevoked}|${after ?? ''}`}
              after={after}
              includeRevoked={includeRevoked}
              isLast={i === afters.length - 1}
              names={names}
              onRevokedBridge={onRevokedBridge}
              onSeen={onSeen}
              onMore={(next) => setAfters([...afters, next])}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}
