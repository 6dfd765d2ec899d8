import { useEffect, useRef, useState } from 'react';

/**
 * The digits of a PIN just assigned, shown once. They live in the parent's component state only:
 * "Done" drops them, and leaving, reloading or going back never shows them again.
 */
export function PinCodeConfirmation({ code, userName, onDone }: { code: string; userName: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section aria-labelledby="pin-shown-h" className="panel">
      <h2 id="pin-shown-h" ref={heading} tabIndex={-1}>
        New PIN for {userName}
      </h2>
      <p>
        <strong>This is the only time this PIN is shown.</strong> Give it to {userName} now; PinGate keeps no readable copy.
      </p>
      <p className="digits" aria-label="PIN digits" data-testid="pin-digits">
        {code}
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
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser refused to copy: select the digits instead.' : ''}
      </p>
    </section>
  );
}
