import { useState } from 'react';
import { call, errorMessage } from '../ipc/client';

type Result = { tone: 'ok' | 'error'; text: string; path?: string } | null;

/** Settings → Diagnostics: a zip for support (secrets masked) and the logs folder. */
export function DiagnosticsSection() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);

  const exportDiagnostics = async () => {
    setBusy(true);
    setResult(null);
    try {
      const { path } = await call('diagnostics.export', {});
      if (path !== null) setResult({ tone: 'ok', text: 'Diagnostics saved to', path });
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const openLogs = async () => {
    setResult(null);
    try {
      const { opened, folder } = await call('diagnostics.openLogsFolder', {});
      setResult(
        opened
          ? { tone: 'ok', text: 'Opened the logs folder.' }
          : { tone: 'error', text: 'The folder could not be opened. Your logs are in', path: folder },
      );
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(error) });
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-diagnostics">
      <h2 id="settings-diagnostics">Diagnostics</h2>
      <p className="hint">
        If something goes wrong, support may ask for diagnostics: recent logs and your app and system versions, with
        passwords, tokens and keys masked. Your posts are not included.
      </p>
      <p className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void exportDiagnostics()}>
          {busy ? 'Exporting…' : 'Export diagnostics'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => void openLogs()}>
          Open logs folder
        </button>
      </p>
      <div role="status" aria-live="polite">
        {result !== null && (
          <p className={result.tone === 'error' ? 'field-error' : 'save-status-ok'}>
            {result.text} {result.path !== undefined && <code className="path">{result.path}</code>}
          </p>
        )}
      </div>
    </section>
  );
}
