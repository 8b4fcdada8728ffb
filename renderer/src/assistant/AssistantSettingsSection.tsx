import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AssistantProviderKind, AssistantSettings } from '@shared/ipc/assistant-channels';
import { QueryState } from '../data/QueryState';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';

const KEY = ipcQueryKey('assistant.settings', {});

/** Settings → Assistant: which endpoint drafts with, its model, and its key (write-only). */
export function AssistantSettingsSection() {
  const query = useIpcQuery('assistant.settings', {});
  return (
    <section className="settings-section" aria-labelledby="settings-assistant">
      <h2 id="settings-assistant">Assistant</h2>
      <p className="hint">
        Drafting help from an AI model: a hosted service with your API key, or a model running on this computer (Ollama, LM
        Studio, llama.cpp) that works without internet. Nothing is sent anywhere until you set it up and ask; each request
        sends your business profile and the text you asked about.
      </p>
      <QueryState query={query} loading="Loading the assistant's settings…" action="load the assistant's settings">
        {(settings) => <AssistantForm saved={settings} />}
      </QueryState>
    </section>
  );
}

function AssistantForm({ saved }: { saved: AssistantSettings }) {
  const client = useQueryClient();
  const [kind, setKind] = useState<AssistantProviderKind>(saved.kind);
  const [baseUrl, setBaseUrl] = useState(saved.baseUrl);
  const [model, setModel] = useState(saved.model);
  const [apiKey, setApiKey] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const save = async (changes: { apiKey?: string | null } = {}) => {
    const next = await call('assistant.saveSettings', { kind, baseUrl: baseUrl.trim(), model: model.trim(), ...changes });
    client.setQueryData(KEY, next);
    return next;
  };

  const saveAndTest = async () => {
    setBusy('testing');
    setResult(null);
    try {
      await save(apiKey.trim() === '' ? {} : { apiKey: apiKey.trim() });
      setApiKey(''); // the field is write-only: once kept, the key is never shown again
      const tested = await call('assistant.testConnection', {});
      setModels(tested.models);
      if (model.trim() === '' && tested.models.length > 0) setModel(tested.models[0]!);
      setResult({ tone: tested.ok ? 'ok' : 'error', text: tested.message });
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const saveOnly = async () => {
    setBusy('saving');
    setResult(null);
    try {
      await save(apiKey.trim() === '' ? {} : { apiKey: apiKey.trim() });
      setApiKey('');
      setResult({ tone: 'ok', text: 'Saved.' });
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const forgetKey = async () => {
    setResult(null);
    try {
      await save({ apiKey: null });
      setResult({ tone: 'ok', text: 'The key is forgotten.' });
    } catch (error) {
      setResult({ tone: 'error', text: errorMessage(error) });
    }
  };

  return (
    <form className="assistant-settings" onSubmit={(event) => { event.preventDefault(); void saveAndTest(); }}>
      <fieldset className="field assistant-kind">
        <legend>Provider</legend>
        <label className="choice">
          <input type="radio" name="assistant-kind" checked={kind === 'local'} onChange={() => setKind('local')} /> On this computer (no key)
        </label>
        <label className="choice">
          <input type="radio" name="assistant-kind" checked={kind === 'hosted'} onChange={() => setKind('hosted')} /> Hosted service (API key)
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="assistant-base-url">Address (base URL)</label>
        <input id="assistant-base-url" type="url" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="assistant-model">Model</label>
        {models.length > 0 ? (
          <select id="assistant-model" value={model} onChange={(event) => setModel(event.target.value)}>
            {!models.includes(model) && model !== '' && <option value={model}>{model}</option>}
            {models.map((id) => <option key={id} value={id}>{id}</option>)}
          </select>
        ) : (
          <input id="assistant-model" type="text" value={model} placeholder="Test the connection to list the models" onChange={(event) => setModel(event.target.value)} />
        )}
      </div>
      {kind === 'hosted' && (
        <div className="field">
          <label htmlFor="assistant-key">API key</label>
          <input
            id="assistant-key"
            type="password"
            autoComplete="off"
            value={apiKey}
            placeholder={saved.hasKey ? 'Kept safely; type a new one to replace it' : 'Paste your key'}
            onChange={(event) => setApiKey(event.target.value)}
          />
          {saved.hasKey && (
            <p className="actions">
              <button type="button" className="button button-secondary button-small" onClick={() => void forgetKey()}>
                Forget the key
              </button>
            </p>
          )}
        </div>
      )}
      <p className="actions">
        <button type="submit" className="button" disabled={busy !== null}>
          {busy === 'testing' ? 'Testing…' : 'Save and test connection'}
        </button>
        <button type="button" className="button button-secondary" disabled={busy !== null} onClick={() => void saveOnly()}>
          {busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
      </p>
      <div role="status" aria-live="polite">
        {result !== null && <p className={result.tone === 'error' ? 'field-error' : 'save-status-ok'}>{result.text}</p>}
      </div>
    </form>
  );
}
