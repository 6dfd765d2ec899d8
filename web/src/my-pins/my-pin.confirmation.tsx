import { useEffect, useRef, useState } from 'react';

/**
 * The digits of the caller's new PIN, shown once. They live in the parent's component state only:
 * "Done" drops them, and leaving, reloading or going back never shows them again.
 */
export function MyPinConfirmation({ code, onDone }: { code: string; onDone: () => void }) {
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
    <section aria-labelledby="my-pin-shown-h" className="panel">
      <h2 id="my-pin-shown-h" ref={heading} tabIndex={-1}>
        Your new PIN
      </h2>
      <p>
        <strong>This is the only time this PIN is shown.</strong> Learn it or keep it somewhere safe now: PinGate keeps no readable copy.
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
