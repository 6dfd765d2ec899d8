import { useMemo } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import '../locks/locks.css';
import { BridgesList } from './bridges.list';
import { CredentialsSection } from './credentials.section';
import { GuessingRiskSection } from './guessing-risk.section';
import { PinPolicySection } from './pin-policy.form';
import { SiteLocksQuery } from './settings.operations';
import './settings.css';

/** An empty list holds no Lock: a new door must still refresh it. */
const LOCK_LISTS = { additionalTypenames: ['Lock'] };

/** Admin: the PIN policy, the guessing risk it gives, the bridges and the site's credentials. */
export function SettingsPage() {
  const me = useMe();
  const siteId = me.site.id;
  const [{ data, error }] = useQuery({ query: SiteLocksQuery, variables: { siteId }, context: LOCK_LISTS });
  const locks = useMemo(() => data?.site?.locks ?? [], [data]);
  const lockNames = useMemo(() => new Map(locks.map((l) => [l.id, l.name])), [locks]);
  return (
    <>
      <h1>Settings</h1>
      <PinPolicySection siteId={siteId} />
      <GuessingRiskSection siteId={siteId} />
      <BridgesList siteId={siteId} lockNames={lockNames} />
      <ErrorMessage error={error} />
      <CredentialsSection siteId={siteId} locks={locks} />
    </>
  );
}
