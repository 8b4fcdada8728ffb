import { useState } from 'react';
import { call, errorMessage } from '../ipc/client';
import { WhatWillBeSent } from './WhatWillBeSent';

// A local model may take a while to look at a picture.
const ALT_TEXT_TIMEOUT_MS = 5 * 60 * 1000;

type State = { kind: 'idle' } | { kind: 'asking' } | { kind: 'suggested'; text: string } | { kind: 'failed'; message: string };

/**
 * "Suggest alt text" under an attached picture: the assistant looks at it (sent made smaller) and
 * suggests a description, which the owner uses (it goes into the alt text field, to edit there)
 * or dismisses. Nothing is saved until the owner uses it.
 */
export function AltTextSuggestion({ attachmentId, label, onUse }: { attachmentId: string; label: string; onUse: (text: string) => void }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const ask = async () => {
    setState({ kind: 'asking' });
    try {
      const { text } = await call('assistant.altText', { attachmentId }, { timeoutMs: ALT_TEXT_TIMEOUT_MS });
      setState({ kind: 'suggested', text });
    } catch (error) {
      setState({ kind: 'failed', message: errorMessage(error) });
    }
  };
  return (
    <div className="alt-suggestion">
      <button
        type="button"
        className="button button-secondary button-small"
        aria-label={`Suggest alt text for ${label.toLowerCase()}`}
        disabled={state.kind === 'asking'}
        onClick={() => void ask()}
      >
        {state.kind === 'asking' ? 'Looking at the picture…' : 'Suggest alt text'}
      </button>
      <WhatWillBeSent request={{ kind: 'altText', attachmentId }} />
      <div role="status" aria-live="polite">
        {state.kind === 'failed' && <p className="field-error">{state.message}</p>}
        {state.kind === 'suggested' && (
          <>
            <p className="alt-suggestion-text">Suggested: {state.text}</p>
            <p className="actions">
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  onUse(state.text);
                  setState({ kind: 'idle' });
                }}
              >
                Use it
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => setState({ kind: 'idle' })}>
                Dismiss
              </button>
            </p>
          </>
        )}
      </div>
    </div>
  );
}
