import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../app/error.message';
import type { MyPinsQuery as MyPinsData } from '../gql/graphql';
import { usePinIssuer, type PinIssuer } from '../app/pin-issuer';
import { ShownOnceConfirmation } from '../app/shown-once.confirmation';
import { MyBlockPinMutation, MyPinsQuery } from './my-pins.operations';
import { siteTimeText } from '../app/site-time';
import { describeWhen, PIN_KIND, PIN_STATUS } from './my-pins.words';

type Me = NonNullable<MyPinsData['me']>;
type Pin = Me['pins'][number];

/** Empty lists hold no Pin or Permission: new ones must still refresh them. */
const MY_LISTS = { additionalTypenames: ['Pin', 'Permission'] };

function PinRow({ pin, timezone, busy }: { pin: Pin; timezone: string; busy: boolean }) {
  const [asking, setAsking] = useState(false);
  const [block, blockPin] = useMutation(MyBlockPinMutation);
  return (
    <tr>
      <td>{PIN_KIND[pin.kind]}</td>
      <td className={`status-${pin.status}`}>{PIN_STATUS[pin.status]}</td>
      <td>{pin.length} digits</td>
      <td>{siteTimeText(pin.createdAt, timezone)}</td>
      <td>
        {pin.status === 'ACTIVE' &&
          (asking ? (
            <span className="confirm" role="group" aria-label="Confirm blocking">
              Block this PIN? Every door refuses it at once, and only an admin can unblock it.{' '}
              <button type="button" className="danger" disabled={busy || block.fetching} onClick={async () => (await blockPin({ pinId: pin.id })).data && setAsking(false)}>
                Block my PIN
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setAsking(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="secondary" disabled={busy} onClick={() => setAsking(true)}>
              Block…
            </button>
          ))}
        {pin.status === 'BLOCKED' && <span className="muted">Blocked {pin.blockedAt ? siteTimeText(pin.blockedAt, timezone) : ''}: ask an admin to unblock it.</span>}
        <ErrorMessage error={block.error} />
      </td>
    </tr>
  );
}

function GenerateButton({ pins, issuer }: { pins: Pin[]; issuer: PinIssuer }) {
  const [asking, setAsking] = useState(false);
  const active = pins.find((p) => p.kind === 'AUTO' && p.status === 'ACTIVE');
  if (!active) {
    return (
      <button type="button" disabled={issuer.busy} onClick={() => issuer.assign({ kind: 'AUTO' })}>
        Generate a new PIN
      </button>
    );
  }
  // The API gives one ACTIVE generated PIN per person: a new one replaces it.
  return asking ? (
    <span className="confirm" role="group" aria-label="Confirm replacing">
      Replace your generated PIN? The old one stops working at once.{' '}
      <button type="button" disabled={issuer.busy} onClick={async () => (await issuer.reassign({ pinId: active.id })) || setAsking(false)}>
        Generate a new PIN
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  ) : (
    <button type="button" disabled={issuer.busy} onClick={() => setAsking(true)}>
      Replace my generated PIN…
    </button>
  );
}

function CustomPinForm({ pins, policy, issuer }: { pins: Pin[]; policy: Me['site']['pinPolicy']; issuer: PinIssuer }) {
  const id = useId();
  const [code, setCode] = useState('');
  const active = pins.find((p) => p.kind === 'CUSTOM' && p.status === 'ACTIVE');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = code;
    setCode('');
    if (active) await issuer.reassign({ pinId: active.id, code: chosen });
    else await issuer.assign({ kind: 'CUSTOM', code: chosen });
  };
  return (
    <section aria-labelledby={`${id}-h`} className="panel">
      <h2 id={`${id}-h`}>Choose your own PIN</h2>
      <p>
        {policy.customPinMinLength === policy.customPinMaxLength ? policy.customPinMinLength : `${policy.customPinMinLength} to ${policy.customPinMaxLength}`} digits. Avoid easy ones (1234, 1111, your birthday): PinGate refuses them.
        {active ? ' It replaces the PIN you chose before.' : ''}
      </p>
      <form onSubmit={submit}>
        <label htmlFor={`${id}-code`}>Your PIN</label>
        <input
          id={`${id}-code`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={issuer.error ? true : undefined}
          aria-describedby={issuer.error ? `${id}-error` : undefined}
          required
        />
        <button type="submit" disabled={issuer.busy || code === ''}>
          {active ? 'Replace my chosen PIN' : 'Set my PIN'}
        </button>
        <ErrorMessage error={issuer.error} id={`${id}-error`} />
      </form>
    </section>
  );
}

function Doors({ me }: { me: Me }) {
  return (
    <section aria-labelledby="my-doors-h">
      <h2 id="my-doors-h">Doors you may open</h2>
      {me.permissions.length === 0 ? (
        <p className="muted">No doors yet: ask an admin for access.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Door</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {me.permissions.map((d) => (
              <tr key={d.id}>
                <td>{d.lock.name}</td>
                <td>{describeWhen(d, me.site.timezone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MyPins({ me, onCode }: { me: Me; onCode: (code: string) => void }) {
  const auto = usePinIssuer(onCode);
  const custom = usePinIssuer(onCode);
  const busy = auto.busy || custom.busy;
  const shown = me.pins.filter((p) => p.status !== 'REPLACED');
  const customAllowed = me.site.plan === 'PRO' && me.site.pinPolicy.customPinsEnabled;
  return (
    <>
      <section aria-labelledby="my-pins-h">
        <h2 id="my-pins-h">Your PINs</h2>
        <p className="muted">PinGate never shows a PIN's digits again after it is made.</p>
        {shown.length === 0 ? (
          <p className="muted">You have no PIN yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Length</th>
                <th scope="col">Since</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <PinRow key={p.id} pin={p} timezone={me.site.timezone} busy={busy} />
              ))}
            </tbody>
          </table>
        )}
        <p>
          <GenerateButton pins={me.pins} issuer={auto} />
        </p>
        <ErrorMessage error={auto.error} />
      </section>
      {customAllowed && <CustomPinForm pins={me.pins} policy={me.site.pinPolicy} issuer={custom} />}
      <Doors me={me} />
    </>
  );
}

/** /my-pins: the signed-in person's PINs (never their digits), a new one shown once, and their doors. */
export function MyPinsPage() {
  const [{ data, fetching, error }] = useQuery({ query: MyPinsQuery, requestPolicy: 'cache-and-network', context: MY_LISTS });
  const [code, setCode] = useState<string | null>(null);
  const me = data?.me;
  return (
    <>
      <h1>My PINs</h1>
      {code !== null ? (
        <ShownOnceConfirmation kind="PIN" secret={code} title="Your new PIN" instruction="Learn it or keep it somewhere safe now: PinGate keeps no readable copy." onDone={() => setCode(null)} />
      ) : fetching && !data ? (
        <p className="loading" aria-live="polite">
          Loading…
        </p>
      ) : me ? (
        <MyPins me={me} onCode={setCode} />
      ) : (
        <ErrorMessage error={error} />
      )}
    </>
  );
}
