import { useRef, useState } from 'react';

/** The licence key with a Copy button: the owner needs it to activate another computer. */
export function LicenceKeyBox({ licenceKey }: { licenceKey: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const keyRef = useRef<HTMLElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(licenceKey);
      setCopied('yes');
    } catch {
      // No clipboard permission: select the key so Ctrl+C / Cmd+C copies it.
      const node = keyRef.current;
      if (node) window.getSelection()?.selectAllChildren(node);
      setCopied('failed');
    }
  };

  return (
    <section className="plan-section" aria-labelledby="licence-key-heading">
      <h2 id="licence-key-heading">Your licence key</h2>
      <p className="hint">Enter it on another computer to use your plan there too.</p>
      <p className="licence-key-line">
        <code ref={keyRef} data-testid="licence-key">
          {licenceKey}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> the licence key</span>
        </button>
        <span role="status" className="save-status">
          {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Selected — press Ctrl+C (⌘C on a Mac) to copy.' : ''}
        </span>
      </p>
    </section>
  );
}
