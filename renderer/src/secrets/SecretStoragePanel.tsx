import { useRef, useState } from 'react';
import { call, errorMessage } from '../ipc/client';
import { useSecretStorage } from './use-secret-storage';

/**
 * Says how saved sign-ins are protected here and, on Linux without a keyring, asks the owner's
 * one-time choice before anything is stored with the built-in key (which protects nothing
 * against someone holding a copy of the data folder). Shown on Connections, and on Plan while
 * the licence waits for the same choice.
 */
export function SecretStoragePanel({ where }: { where: 'connections' | 'plan' }) {
  const { status, update } = useSecretStorage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  if (status === null) return null;

  const accept = async () => {
    setBusy(true);
    setProblem(null);
    try {
      update(await call('secrets.acceptWeakStorage', {}));
      // The button is gone: keep keyboard users at the news.
      requestAnimationFrame(() => doneRef.current?.focus());
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  switch (status.state) {
    case 'protected':
      if (where === 'plan') return null;
      return (
        <p className="hint connection-protection" data-testid="secret-storage">
          {status.protection === 'file'
            ? 'Saved sign-ins are encrypted with a key file kept in AgencyIQ’s own folder on this computer.'
            : 'Saved sign-ins are protected by this computer’s system keychain or keyring.'}
        </p>
      );
    case 'weak-accepted':
      return (
        <div className="notice notice-error" role="note" data-testid="secret-storage">
          <p ref={doneRef} tabIndex={-1}>
            Your saved sign-ins are not protected by a system keyring: you chose to keep them with AgencyIQ’s built-in key.
          </p>
          <p>
            Anyone who can copy your files could use your connected accounts and your plan. Installing and unlocking GNOME
            Keyring or KWallet protects them; then restart AgencyIQ and reconnect your accounts.
          </p>
        </div>
      );
    case 'unavailable':
      return (
        <section className="notice notice-error" aria-labelledby="secret-storage-title" data-testid="secret-storage">
          <h2 id="secret-storage-title">Connections and your plan can’t be used on this computer yet</h2>
          <p>
            This computer offers no way to encrypt saved sign-ins, so AgencyIQ does not keep any. Drafting and scheduling
            work as usual. Setting up a keyring (GNOME Keyring or KWallet) and restarting AgencyIQ fixes this.
          </p>
        </section>
      );
    case 'weak-needs-consent':
      return (
        <section className="notice" aria-labelledby="secret-storage-title" data-testid="secret-storage">
          <h2 id="secret-storage-title">How should AgencyIQ keep your sign-ins on this computer?</h2>
          <p>
            This computer has no keyring (a system password manager such as GNOME Keyring or KWallet). Without one,
            AgencyIQ can only keep your connected accounts and your plan with a built-in key: anyone who can copy your
            files could use them. Until you choose, {where === 'plan' ? 'your plan waits' : 'connecting waits'}; drafting
            works as usual.
          </p>
          <ul>
            <li>Safer: set up and unlock a keyring, then restart AgencyIQ.</li>
            <li>Or keep them with the built-in key on this computer. AgencyIQ remembers your choice.</li>
          </ul>
          <p className="actions">
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void accept()}>
              {busy ? 'Saving your choice…' : 'Use the built-in key on this computer'}
            </button>
          </p>
          {problem && (
            <p role="alert" className="field-error">
              {problem}
            </p>
          )}
        </section>
      );
  }
}
