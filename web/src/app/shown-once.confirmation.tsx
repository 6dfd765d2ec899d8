import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** How a secret reads: a PIN's digits, large, or a token, wrapped. */
const KINDS = {
  PIN: { className: 'digits', label: 'PIN digits', testId: 'pin-digits', select: 'the digits' },
  token: { className: 'secret-token', label: 'Token', testId: 'token-secret', select: 'the token' },
} as const;

/**
 * A secret just issued (a PIN's digits, a token), shown once. It lives in the parent's component
 * state only: "Done" drops it, and leaving, reloading or going back never shows it again. The
 * heading takes the focus, so a screen reader announces it.
 */
export function ShownOnceConfirmation({
  kind,
  secret,
  title,
  level = 2,
  instruction,
  onDone,
}: {
  kind: keyof typeof KINDS;
  secret: string;
  title: ReactNode;
  level?: 2 | 3;
  /** What to do with it now, after "This is the only time this … is shown." */
  instruction: ReactNode;
  onDone: () => void;
}) {
  const id = useId();
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
  const Heading = level === 2 ? 'h2' : 'h3';
  const look = KINDS[kind];
  return (
    <section aria-labelledby={id} className="panel">
      <Heading id={id} ref={heading} tabIndex={-1}>
        {title}
      </Heading>
      <p>
        <strong>This is the only time this {kind} is shown.</strong> {instruction}
      </p>
      <p className={look.className} aria-label={look.label} data-testid={look.testId}>
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
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? `The browser refused to copy: select ${look.select} instead.` : ''}
      </p>
    </section>
  );
}
