import { useState, type FormEvent } from 'react';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { call, errorMessage } from '../ipc/client';
import { licenceKeyProblem } from './plan-wording';

/** "Enter a licence key": adds this computer to a plan bought on another one. */
export function ActivateForm({ initialKey, onActivated }: { initialKey: string; onActivated: (status: LicenceStatus) => void }) {
  const [key, setKey] = useState(initialKey);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = licenceKeyProblem(key);
    setProblem(invalid);
    if (invalid !== null) return;
    setBusy(true);
    try {
      onActivated(await call('licence.activate', { licenceKey: key.trim() }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="activate-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor="licence-key">Licence key</label>
        <p className="hint" id="licence-key-hint">
          Already paid on another computer? The key is in your receipt email and on the Plan page there.
        </p>
        <input
          id="licence-key"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={key}
          aria-describedby={problem ? 'licence-key-hint licence-key-error' : 'licence-key-hint'}
          aria-invalid={problem ? 'true' : undefined}
          onChange={(event) => setKey(event.target.value)}
        />
        {problem && (
          <p className="field-error" id="licence-key-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Activating…' : 'Activate this computer'}
        </button>
      </div>
    </form>
  );
}
