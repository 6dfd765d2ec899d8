import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import type { PinPolicyFieldsFragment, PinPolicyInput, SitePlan } from '../gql/graphql';
import { PinPolicyQuery, UpdatePinPolicyMutation } from './settings.operations';

type NumberField = Exclude<keyof PinPolicyInput, 'customPinsEnabled'>;

/** The numeric settings, in order, with their label and the range the API accepts. */
const FIELDS: Array<{ key: NumberField; label: string; hint: string; step?: string }> = [
  { key: 'autoPinLength', label: 'Digits of generated PINs', hint: '6 to 9.' },
  { key: 'customPinMinLength', label: 'Fewest digits of a custom PIN', hint: '4 to 6.' },
  { key: 'maxFailedAttempts', label: 'Failed attempts before a door locks out', hint: '1 to 20 at one door within 10 minutes.' },
  { key: 'lockoutSeconds', label: 'First lockout (seconds)', hint: '1 to 900; doubles on each repeat, up to 900.' },
  { key: 'dailyFailureBudget', label: 'Daily failure budget', hint: '1 to 10000 failures over the site in 24 h; past it, every failure locks its door.' },
  { key: 'siteLockdownBudget', label: 'Site lockdown budget', hint: '1 to 10000 failures beyond the daily budget; past it, every keypad of the site refuses PINs.' },
  { key: 'riskTarget', label: 'Risk target (chance per 24 h)', hint: '0.000001 to 0.1: the guessing risk generated PIN lengths keep under (0.01 is 1 %).', step: 'any' },
  { key: 'offlineGraceHours', label: 'Offline grace (hours)', hint: '1 to 720: how long after its last sync an offline bridge keeps deciding.' },
  { key: 'offlineMaxFailedAttempts', label: 'Offline failed attempts before a lockout', hint: '1 to 10 at one door within 10 minutes while its bridge is offline.' },
  { key: 'offlineLockoutSeconds', label: 'First offline lockout (seconds)', hint: '10 to 3600; doubles on each repeat, up to 24 h.' },
];

type Draft = Record<NumberField, string>;

const draftOf = (policy: PinPolicyFieldsFragment): Draft =>
  Object.fromEntries(FIELDS.map((f) => [f.key, String(policy[f.key])])) as Draft;

/** The site's PIN policy; the API checks every value and changes nothing when one is refused. */
function PinPolicyForm({ siteId, plan, policy }: { siteId: string; plan: SitePlan; policy: PinPolicyFieldsFragment }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const [custom, setCustom] = useState(policy.customPinsEnabled);
  const [saved, setSaved] = useState(false);
  const [{ fetching, error }, update] = useMutation(UpdatePinPolicyMutation);
  const pro = plan === 'PRO';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input: PinPolicyInput = pro ? { customPinsEnabled: custom } : {};
    for (const f of FIELDS) {
      const text = draft[f.key].trim();
      if (text !== '') input[f.key] = Number(text);
    }
    const res = await update({ siteId, input });
    if (res.data) {
      setDraft(draftOf(res.data.updatePinPolicy.pinPolicy));
      setCustom(res.data.updatePinPolicy.pinPolicy.customPinsEnabled);
      setSaved(true);
    }
  };
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>PIN policy</h2>
      {/* The API is the judge of every value: its refusal is shown next to the form. */}
      <form onSubmit={submit} noValidate aria-describedby={`${id}-err`}>
        <div>
          <label className="inline" htmlFor={`${id}-custom`}>
            <input
              id={`${id}-custom`}
              type="checkbox"
              checked={custom}
              disabled={!pro}
              onChange={(e) => setCustom(e.target.checked)}
              aria-describedby={`${id}-custom-hint`}
            />
            Users may choose their own PINs
          </label>
          <p id={`${id}-custom-hint`} className="muted">
            {pro ? `Custom PINs have ${policy.customPinMinLength === policy.customPinMaxLength ? policy.customPinMinLength : `${policy.customPinMinLength} to ${policy.customPinMaxLength}`} digits.` : 'Custom PINs need the PRO plan; this site is on the STANDARD plan.'}
          </p>
        </div>
        <div className="policy-grid">
          {FIELDS.map((f) => (
            <div key={f.key}>
              <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
              <input
                id={`${id}-${f.key}`}
                type="number"
                inputMode={f.step ? 'decimal' : 'numeric'}
                step={f.step ?? '1'}
                value={draft[f.key]}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                aria-describedby={`${id}-${f.key}-hint`}
              />
              <p id={`${id}-${f.key}-hint`} className="muted hint">
                {f.hint}
              </p>
            </div>
          ))}
        </div>
        <p>
          <button type="submit" disabled={fetching}>
            {fetching ? 'Saving…' : 'Save policy'}
          </button>
        </p>
      </form>
      <ErrorMessage error={error} id={`${id}-err`} />
      <p role="status" aria-live="polite">
        {fetching ? 'Saving: every API node applies the new policy first…' : saved && !error ? 'Saved.' : ''}
      </p>
    </section>
  );
}

/** Section 1 of Settings: the PIN policy form, once the site's policy is loaded. */
export function PinPolicySection({ siteId }: { siteId: string }) {
  const [{ data, error }] = useQuery({ query: PinPolicyQuery, variables: { siteId } });
  const site = data?.site;
  if (!site) return error ? <ErrorMessage error={error} /> : <p className="loading" aria-live="polite">Loading the PIN policy…</p>;
  return <PinPolicyForm siteId={site.id} plan={site.plan} policy={site.pinPolicy} />;
}
