/*
 * The offline chaos run's judge, pure: what a bridge scoped to one lock must answer offline from the
 * online state it had synced before it was cut off (PINs with their status, who holds a permission
 * at which lock, the offline lockout policy), and whether every offline answer became exactly one
 * offline event. Written from the rules (DESIGN rule 9, the bridge README), not from the bridge's code.
 */

export interface OnlineState {
  /** Every PIN of the site by id: its user and status (ACTIVE, BLOCKED, REPLACED). */
  pins: ReadonlyMap<string, { userId: string; status: string }>;
  /** The locks each user holds a permission at (no schedules or validity in this run). */
  permitted: ReadonlyMap<string, ReadonlySet<string>>;
  offlineMaxFailedAttempts: number;
  offlineLockoutSeconds: number;
}

/** One PIN typed at a bridge and the line it answered. */
export interface Press {
  code: string;
  sentAt: number;
  answeredAt: number;
  line: string;
}

export interface Answer {
  offline: boolean;
  type: 'ACCESS_GRANTED' | 'ACCESS_DENIED';
  reason: string;
  retryAfterSeconds: number | null;
}

/** Reads a keypad line: `OPEN`, `DENIED (REASON)`, `DENIED (LOCKED_OUT, retry in N s)`, each maybe ` (offline)`. */
export function parseAnswer(line: string): Answer | null {
  const m = /^(OPEN|DENIED \(([A-Z_]+)(?:, retry in (\d+) s)?\))( \(offline\))?$/.exec(line);
  if (!m) return null;
  const granted = m[1] === 'OPEN';
  return { offline: m[4] !== undefined, type: granted ? 'ACCESS_GRANTED' : 'ACCESS_DENIED', reason: granted ? 'GRANTED' : m[2], retryAfterSeconds: m[3] === undefined ? null : Number(m[3]) };
}

const FAILURE_WINDOW_MS = 10 * 60_000;
const REPEAT_WINDOW_MS = 24 * 3_600_000;
const MAX_LOCKOUT_MS = 24 * 3_600_000;

/** The decision before lockouts: the verifier of the digits, the PIN's status, the user's permission. */
export function offlineReason(state: OnlineState, lockId: string, pinId: string | undefined): string {
  const pin = pinId === undefined ? undefined : state.pins.get(pinId);
  // A replica holds only users with a permission at the bridge's lock, and no verifier of a replaced PIN.
  if (!pin || pin.status === 'REPLACED' || !state.permitted.get(pin.userId)?.has(lockId)) return 'INVALID_PIN';
  return pin.status === 'ACTIVE' ? 'GRANTED' : 'PIN_BLOCKED';
}

/** One offline attempt as the model expects it. */
export interface Expected {
  reason: string;
  retryAfterSeconds: number | null;
  /** This attempt started a lockout (a LOCKOUT_STARTED record at the same time). */
  lockoutStarted: boolean;
}

/**
 * A door's offline attempts in order, each at its own time `at` (epoch ms): the reason the rules give,
 * with the door's own lockout counters (failures within 10 min, doubling per lockout of the last
 * 24 h, capped at 24 h). `judged` false: an attempt outside the cut (an online call that timed out),
 * whose actual reason is taken as given and only feeds the counters.
 */
export function expectOffline(state: OnlineState, lockId: string, attempts: ReadonlyArray<{ pinId: string | undefined; at: number; judged: boolean; actualReason: string }>): Expected[] {
  let failures: number[] = [];
  let lockedUntil = 0;
  let lockouts: number[] = [];
  return attempts.map((a) => {
    if (lockedUntil > a.at) return { reason: 'LOCKED_OUT', retryAfterSeconds: Math.ceil((lockedUntil - a.at) / 1000), lockoutStarted: false };
    const reason = a.judged ? offlineReason(state, lockId, a.pinId) : a.actualReason;
    if (reason !== 'INVALID_PIN' && reason !== 'PIN_BLOCKED') return { reason, retryAfterSeconds: null, lockoutStarted: false };
    failures = [...failures.filter((t) => t > a.at - FAILURE_WINDOW_MS), a.at];
    lockouts = lockouts.filter((t) => t > a.at - REPEAT_WINDOW_MS);
    if (failures.length < state.offlineMaxFailedAttempts) return { reason, retryAfterSeconds: null, lockoutStarted: false };
    lockedUntil = a.at + Math.min(MAX_LOCKOUT_MS, state.offlineLockoutSeconds * 1000 * 2 ** lockouts.length);
    lockouts.push(a.at);
    failures = [];
    return { reason, retryAfterSeconds: null, lockoutStarted: true };
  });
}

/** An offline event of the log. */
export interface OfflineEvent {
  seq: number;
  type: string;
  reason: string | null;
  lockId: string;
  at: number;
}

export interface Pairing {
  /** pairs[i]: the event of the i-th answer, or null (lost). */
  pairs: Array<OfflineEvent | null>;
  /** Events no answer accounts for (duplicates, or decisions never shown). */
  extra: OfflineEvent[];
}

/**
 * Pairs a door's offline answers (in the order typed) with its offline decision events: same type and
 * reason, `at` between the key press and the answer (give or take `slackMs`), each event used once.
 */
export function pairAnswers(answers: ReadonlyArray<{ answer: Answer; sentAt: number; answeredAt: number }>, events: readonly OfflineEvent[], slackMs = 1000): Pairing {
  const free = [...events].filter((e) => e.type !== 'LOCKOUT_STARTED').sort((x, y) => x.at - y.at || x.seq - y.seq);
  const used = new Set<OfflineEvent>();
  const pairs = answers.map(({ answer, sentAt, answeredAt }) => {
    const e = free.find((c) => !used.has(c) && c.type === answer.type && c.reason === answer.reason && c.at >= sentAt - slackMs && c.at <= answeredAt + slackMs);
    if (e) used.add(e);
    return e ?? null;
  });
  return { pairs, extra: free.filter((e) => !used.has(e)) };
}

/** Where `needle` occurs in `bytes` as latin1/UTF-8 text or as UTF-16 (LE or BE). */
export function secretOccurs(bytes: Buffer, needle: string): boolean {
  if (needle.length === 0) return false;
  const le = Buffer.from(needle, 'utf16le');
  const be = Buffer.from(le).swap16();
  return bytes.includes(Buffer.from(needle, 'latin1')) || bytes.includes(le) || bytes.includes(be);
}

/** The forms the pepper (hex) could take on disk: hex either case, base64, base64url. */
export function pepperForms(pepperHex: string): string[] {
  const raw = Buffer.from(pepperHex, 'hex');
  const forms = [pepperHex.toLowerCase(), pepperHex.toUpperCase(), raw.toString('base64').replace(/=+$/, ''), raw.toString('base64url'), Buffer.from(pepperHex, 'utf8').toString('base64').replace(/=+$/, '')];
  return [...new Set(forms)];
}
