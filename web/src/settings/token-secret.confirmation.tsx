import { useEffect, useRef, useState } from 'react';

/**
 * A token's secret just issued, shown once. It lives in the parent's component state only: "Done"
 * drops it, and leaving, reloading or going back never shows it again.
 */
export function TokenSecretConfirmation({ secret, what, onDone }: { secret: string; what: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section aria-labelledby="secret-shown-h" className="panel">
      <h3 id="secret-shown-h" ref={heading} tabIndex={-1}>
        New {what}
      </h3>
      <p>
        <strong>This is the only time this token is shown.</strong> Copy it into its configuration now; PinGate keeps no readable copy.
      </p>
      <p className="secret-token" aria-label="Token" data-testid="token-secret">
        {secret}
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" aria-live="polite">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser refused to copy: select the token instead.' : ''}
      </p>
    </section>
  );
}
