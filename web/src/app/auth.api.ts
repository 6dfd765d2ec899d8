/**
 * The console's two plain HTTP calls (DESIGN.md rule 13): redeem a sign-in link's code for the
 * session cookie, and end the session. Both are JSON POSTs on the same origin; the code comes from
 * the URL fragment and is dropped from the address bar before it is sent.
 */
export interface ApiFailure {
  code: string;
  message: string;
}

async function failureOf(res: Response): Promise<ApiFailure> {
  try {
    const body = (await res.json()) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> };
    const first = body.errors?.[0];
    return { code: first?.extensions?.code ?? `HTTP_${res.status}`, message: first?.message ?? `The server answered ${res.status}` };
  } catch {
    return { code: `HTTP_${res.status}`, message: `The server answered ${res.status}` };
  }
}

export async function signIn(code: string): Promise<ApiFailure | null> {
  let res: Response;
  try {
    res = await fetch('/auth/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
  } catch {
    return { code: 'NETWORK', message: 'PinGate cannot be reached. Check your connection and try again.' };
  }
  return res.ok ? null : failureOf(res);
}

export async function signOut(): Promise<void> {
  await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
}
