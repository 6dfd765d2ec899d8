import { useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import { GuessingRiskQuery } from './settings.operations';
import { oneIn, percent } from './settings.words';

/** P, G and the PINs to re-issue, from Site.guessingRisk (asked again after the policy changes). */
export function GuessingRiskSection({ siteId }: { siteId: string }) {
  const [{ data, error }] = useQuery({ query: GuessingRiskQuery, variables: { siteId } });
  const risk = data?.site?.guessingRisk;
  if (!risk) {
    return (
      <section aria-labelledby="risk-h" className="panel">
        <h2 id="risk-h">Guessing risk</h2>
        {error ? <ErrorMessage error={error} /> : <p className="loading" aria-live="polite">Loading…</p>}
      </section>
    );
  }
  const over = risk.perDay > risk.target;
  return (
    <section aria-labelledby="risk-h" className="panel">
      <h2 id="risk-h">Guessing risk</h2>
      <p>
        <strong data-testid="risk-percent" className={over ? 'risk-over' : 'risk-ok'}>
          {percent(risk.perDay)}
        </strong>{' '}
        is the chance that a stranger opens a door in 24 h ({oneIn(risk.perDay)}), guessing as fast as the lockout rules allow. The
        site's target is {percent(risk.target)}: {over ? 'the risk is above it.' : 'the risk is within it.'}
      </p>
      <dl className="facts">
        <dt>Failed guesses allowed per 24 h (G)</dt>
        <dd>{risk.failedGuessCeilingPerDay.toLocaleString('en')} over every door at once</dd>
        <dt>Of which per door while its bridge is offline</dt>
        <dd>{risk.offlineGuessCeiling.toLocaleString('en')} at most</dd>
        <dt>Shortest PIN length in use</dt>
        <dd>{risk.weakestLength === null || risk.weakestLength === undefined ? 'No active PINs yet' : `${risk.weakestLength} digits`}</dd>
        <dt>Active PINs by length</dt>
        <dd>{risk.pinsByLength.length === 0 ? 'None' : risk.pinsByLength.map((l) => `${l.count} of ${l.length} digits`).join(', ')}</dd>
        {risk.hardened && (
          <>
            <dt>Hardened</dt>
            <dd>The site spent its daily failure budget: every further failure locks its door.</dd>
          </>
        )}
        {risk.lockedOutLocks > 0 && (
          <>
            <dt>Doors locked out now</dt>
            <dd>{risk.lockedOutLocks}</dd>
          </>
        )}
      </dl>
      {risk.pinsBelowTargetLength > 0 ? (
        <p className="warning">
          <strong>
            {risk.pinsBelowTargetLength} active {risk.pinsBelowTargetLength === 1 ? 'PIN is' : 'PINs are'} shorter than the target now asks for.
          </strong>{' '}
          Re-assign them from each user's Keys tab (generated PINs get the new length), or ask their users to choose longer custom PINs.
        </p>
      ) : (
        <p className="muted">Every active PIN is long enough for the target.</p>
      )}
    </section>
  );
}
