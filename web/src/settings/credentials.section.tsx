import { useState } from 'react';
import { ExposedPinsPanel } from './exposed-pins.panel';
import { TokenCreateForm, type Issued } from './token-create.form';
import { ShownOnceConfirmation } from '../app/shown-once.confirmation';
import { TokensList, type RevokedBridge } from './tokens.list';

/** Bridge and service tokens: create one (its secret shown once), list them, revoke them. */
export function CredentialsSection({ siteId, locks }: { siteId: string; locks: Array<{ id: string; name: string }> }) {
  // The secret lives here only, until "Done": never in the urql cache, storage, the URL or history.
  const [issued, setIssued] = useState<Issued | null>(null);
  const [revoked, setRevoked] = useState<RevokedBridge | null>(null);
  return (
    <section aria-labelledby="credentials-h">
      <h2 id="credentials-h">Credentials</h2>
      {issued ? (
        <ShownOnceConfirmation kind="token" secret={issued.secret} title={`New ${issued.what}`} level={3} instruction="Copy it into its configuration now; PinGate keeps no readable copy." onDone={() => setIssued(null)} />
      ) : (
        <TokenCreateForm siteId={siteId} locks={locks} onIssued={setIssued} />
      )}
      {revoked && <ExposedPinsPanel key={revoked.id} siteId={siteId} token={revoked} onClose={() => setRevoked(null)} />}
      <TokensList onRevokedBridge={setRevoked} />
    </section>
  );
}
