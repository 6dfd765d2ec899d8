import type { EntityManager } from '@mikro-orm/knex';

const DAY_MS = 86_400_000;

/** The PINs stored under one key version. */
export interface PepperVersionStatus {
  version: number;
  current: boolean;
  /** Whether this node's configuration holds the pepper of the version. */
  configured: boolean;
  active: number;
  blocked: number;
  /** When the last REPLACED PIN under the version leaves quarantine (ISO), or null. */
  quarantinedUntil: string | null;
  /**
   * A configured previous version with no ACTIVE or BLOCKED PIN and no PIN in quarantine: its pepper
   * can leave PIN_PEPPERS_PREVIOUS. (Without it, a quarantined PIN's digits could go to another user.)
   */
  removable: boolean;
}

export interface PepperStatus {
  current: number;
  /** Newest version first: every configured version and every version a PIN is stored under. */
  versions: PepperVersionStatus[];
}

type Row = Record<string, unknown>;

const toMs = (v: unknown): number => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : /^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v)));

/** How far pepper rotation has come, over every site: what `cli pepper-status` prints. */
export async function pepperStatus(em: EntityManager, current: number, configured: readonly number[], now: Date): Promise<PepperStatus> {
  const live = (await em.execute(
    `select key_version, status, count(*) as n from pin where status in ('ACTIVE', 'BLOCKED') group by key_version, status`,
  )) as Row[];
  const retired = (await em.execute(
    `select p.key_version, s.pin_reuse_quarantine_days as days, max(p.retired_at) as last_retired
       from pin p join site s on s.id = p.site_id
      where p.status = 'REPLACED' and p.retired_at is not null
      group by p.key_version, s.pin_reuse_quarantine_days`,
  )) as Row[];
  const versions = new Map<number, PepperVersionStatus>();
  const of = (version: number): PepperVersionStatus => {
    let v = versions.get(version);
    if (!v) {
      v = { version, current: version === current, configured: configured.includes(version), active: 0, blocked: 0, quarantinedUntil: null, removable: false };
      versions.set(version, v);
    }
    return v;
  };
  for (const version of configured) of(version);
  for (const r of live) {
    const v = of(Number(r.key_version));
    if (r.status === 'ACTIVE') v.active += Number(r.n);
    else v.blocked += Number(r.n);
  }
  for (const r of retired) {
    const until = toMs(r.last_retired) + Number(r.days) * DAY_MS;
    if (until <= now.getTime()) continue;
    const v = of(Number(r.key_version));
    if (v.quarantinedUntil === null || until > Date.parse(v.quarantinedUntil)) v.quarantinedUntil = new Date(until).toISOString();
  }
  for (const v of versions.values()) v.removable = v.configured && !v.current && v.active === 0 && v.blocked === 0 && v.quarantinedUntil === null;
  return { current, versions: [...versions.values()].sort((a, b) => b.version - a.version) };
}
