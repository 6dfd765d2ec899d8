import type { ApiFailure } from '../app/auth.api';

export interface SetupForm {
  siteName: string;
  timezone: string;
  plan: 'STANDARD' | 'PRO';
  adminName: string;
  adminEmail: string;
}

export interface SetupFailure extends ApiFailure {
  /** The form field the error is about, when there is one. */
  field?: string;
}

/** `POST /auth/setup`: creates the first site and its admin, and signs the admin in (cookie). */
export async function submitSetup(code: string, form: SetupForm): Promise<SetupFailure | null> {
  let res: Response;
  try {
    res = await fetch('/auth/setup', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, ...form, adminEmail: form.adminEmail.trim() || null }),
    });
  } catch {
    return { code: 'NETWORK', message: 'PinGate cannot be reached. Check your connection and try again.' };
  }
  if (res.ok) return null;
  try {
    const body = (await res.json()) as { errors?: Array<{ message?: string; extensions?: { code?: string; field?: string } }> };
    const first = body.errors?.[0];
    return { code: first?.extensions?.code ?? `HTTP_${res.status}`, message: first?.message ?? `The server answered ${res.status}`, field: first?.extensions?.field };
  } catch {
    return { code: `HTTP_${res.status}`, message: `The server answered ${res.status}` };
  }
}
