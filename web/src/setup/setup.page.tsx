import { useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { submitSetup, type SetupFailure, type SetupForm } from './setup.api';

const CLOSED = 'PinGate is already set up. Sign in with the link your site admin sent you, or make one with npm run cli -- sign-in-link.';
const REFUSED = 'This set-up link has expired or was already used. Restart PinGate (npm start) to print a new one.';

function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function timezones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([current, 'UTC', ...all])].sort();
}

/** Local checks, so the common mistakes are shown before anything is sent. */
function check(form: SetupForm): Partial<Record<keyof SetupForm, string>> {
  const errors: Partial<Record<keyof SetupForm, string>> = {};
  if (!form.siteName.trim()) errors.siteName = 'Give the site a name.';
  if (!form.adminName.trim()) errors.adminName = 'Give the admin a name.';
  if (form.adminEmail.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.adminEmail.trim())) errors.adminEmail = 'This is not an email address.';
  return errors;
}

/**
 * `/setup#code=…` (development, empty database): the first site and its admin. The code comes from
 * the link `npm start` printed; it is read from the fragment once and dropped from the address bar.
 */
export function SetupPage() {
  const navigate = useNavigate();
  const code = useRef<string | null>(null);
  if (code.current === null) {
    code.current = new URLSearchParams(window.location.hash.slice(1)).get('code') ?? '';
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }
  const zone = useMemo(browserTimezone, []);
  const zones = useMemo(() => timezones(zone), [zone]);
  const [form, setForm] = useState<SetupForm>({ siteName: '', timezone: zone, plan: 'STANDARD', adminName: '', adminEmail: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof SetupForm, string>>>({});
  const [failure, setFailure] = useState<SetupFailure | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: keyof SetupForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = check(form);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    const failed = await submitSetup(code.current ?? '', form);
    setBusy(false);
    if (!failed) {
      navigate('/', { replace: true });
      return;
    }
    if (failed.field && failed.field in form) setErrors({ [failed.field]: failed.message });
    else setFailure(failed);
  };

  if (!code.current) {
    return (
      <main id="main" className="page narrow">
        <h1>Set up PinGate</h1>
        <p>
          Open the set-up link that <code>npm start</code> printed in its terminal. Already set up? <Link to="/sign-in">Sign in</Link>.
        </p>
      </main>
    );
  }

  const fieldError = (field: keyof SetupForm) =>
    errors[field] ? (
      <p className="error" id={`${field}-error`} role="alert">
        {errors[field]}
      </p>
    ) : null;
  const described = (field: keyof SetupForm) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {});

  return (
    <main id="main" className="page narrow">
      <h1>Set up PinGate</h1>
      <p>Create your site and its first admin. You will be signed in as that admin.</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="siteName">Site name</label>
        <input id="siteName" value={form.siteName} onChange={set('siteName')} required maxLength={200} {...described('siteName')} />
        {fieldError('siteName')}

        <label htmlFor="timezone">Timezone</label>
        <select id="timezone" value={form.timezone} onChange={set('timezone')} {...described('timezone')}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
        {fieldError('timezone')}

        <label htmlFor="plan">Plan</label>
        <select id="plan" value={form.plan} onChange={set('plan')} {...described('plan')}>
          <option value="STANDARD">Standard</option>
          <option value="PRO">Pro</option>
        </select>
        {fieldError('plan')}

        <label htmlFor="adminName">Your name (the first admin)</label>
        <input id="adminName" value={form.adminName} onChange={set('adminName')} required maxLength={200} autoComplete="name" {...described('adminName')} />
        {fieldError('adminName')}

        <label htmlFor="adminEmail">Your email (optional)</label>
        <input id="adminEmail" type="email" value={form.adminEmail} onChange={set('adminEmail')} autoComplete="email" {...described('adminEmail')} />
        {fieldError('adminEmail')}

        {failure && (
          <p className="error" role="alert" data-code={failure.code}>
            {failure.code === 'SETUP_CLOSED' ? CLOSED : failure.code === 'UNAUTHENTICATED' ? REFUSED : failure.message}
          </p>
        )}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create the site'}
          </button>
        </p>
      </form>
    </main>
  );
}
