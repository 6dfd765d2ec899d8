import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { useMe } from '../app/session.context';
import '../locks/locks.css';
import { BridgesList } from './bridges.list';
import { CredentialsSection } from './credentials.section';
import { GuessingRiskSection } from './guessing-risk.section';
import { PinPolicyForm } from './pin-policy.form';
import { SettingsQuery } from './settings.operations';
import './settings.css';
import { TOKEN_LISTS } from './token-create.form';

/** Admin: the PIN policy, the guessing risk it gives, the bridges and the site's credentials. */
export function SettingsPage() {
  const me = useMe();
  const [{ data, fetching, error }] = useQuery({ query: SettingsQuery, variables: { siteId: me.site.id }, context: TOKEN_LISTS });
  const site = data?.site;
  if (fetching && !data) return <p className="loading" aria-live="polite">Loading…</p>;
  if (!site) {
    return (
      <>
        <h1>Settings</h1>
        <ErrorMessage error={error} />
      </>
    );
  }
  const lockNames = new Map(site.locks.map((l) => [l.id, l.name]));
  return (
    <>
      <h1>Settings</h1>
      <PinPolicyForm siteId={site.id} plan={site.plan} policy={site.pinPolicy} />
      <GuessingRiskSection risk={site.guessingRisk} />
      <BridgesList bridges={site.bridges} lockNames={lockNames} />
      <CredentialsSection siteId={site.id} locks={site.locks} />
    </>
  );
}
