import { useEffect, useRef, useState } from 'react';
import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { AssistantVariant } from '@shared/ipc/assistant-channels';
import { call, errorMessage, subscribe } from '../ipc/client';
import { WhatWillBeSent } from './WhatWillBeSent';

const counts = new Intl.NumberFormat('en-AU');

/** One-click rewrites of the text in the editor, sent as the prompt. */
const QUICK_REWRITES = [
  { label: 'Shorter', prompt: 'Make it shorter; keep the facts.' },
  { label: 'Friendlier', prompt: 'Make it friendlier and warmer.' },
  { label: 'More professional', prompt: 'Make it more professional and plain.' },
  { label: 'Add hashtags', prompt: 'Keep the text and add three to five fitting hashtags at the end.' },
] as const;

// A streamed answer may take minutes on a small local model: longer than an ordinary call's wait.
const WRITE_TIMEOUT_MS = 10 * 60 * 1000;

type Run =
  | { state: 'idle' }
  | { state: 'writing'; requestId: string }
  | { state: 'rewriting' }
  | { state: 'done'; note: string }
  | { state: 'failed'; message: string };

interface Props {
  /** The post text now in the editor. */
  body: string;
  /** The networks chosen for the post. */
  platforms: readonly Platform[];
  onBody: (body: string) => void;
  /** Puts a variant into that network's own text (the owner chose it, count in view). */
  onVariant: (platform: Platform, text: string) => void;
  /** The editor is read-only while an answer streams into it, so no keystroke is overwritten. */
  onStreaming: (streaming: boolean) => void;
}

/**
 * The assistant in Compose: write from a one-line prompt (or rewrite the text as asked),
 * streaming into the editor with Stop; Undo puts back the text as it was; a failure puts it back
 * by itself. "Rewrite for each network" shows one variant per chosen network with its count.
 */
export function AssistantBar({ body, platforms, onBody, onVariant, onStreaming }: Props) {
  const [prompt, setPrompt] = useState('');
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const [undoText, setUndoText] = useState<string | null>(null);
  const [variants, setVariants] = useState<AssistantVariant[]>([]);
  // Chunks arrive between renders: they call the newest props.
  const latest = useRef({ onBody, onStreaming });
  useEffect(() => {
    latest.current = { onBody, onStreaming };
  });

  const write = async (asked: string) => {
    const requestId = crypto.randomUUID();
    const original = body;
    let streamed = '';
    setRun({ state: 'writing', requestId });
    setUndoText(original);
    latest.current.onStreaming(true);
    // Chunks come faster than frames (a quick model sends hundreds a second): the editor takes
    // what has arrived once per frame, so every chunk is on screen at the next paint and the
    // page is not re-rendered (and the draft journalled) more often than it can be shown. The
    // first chunk goes in at once: the owner waited for it, and a frame's wait would only add to that.
    let frame: number | null = null;
    let shown = false;
    const show = () => {
      frame = null;
      shown = true;
      latest.current.onBody(streamed);
    };
    const unsubscribe = subscribe('assistant.chunk', (chunk) => {
      if (chunk.requestId !== requestId) return;
      streamed += chunk.text;
      if (!shown) show();
      else frame ??= requestAnimationFrame(show);
    });
    try {
      const result = await call('assistant.write', { requestId, prompt: asked, text: original }, { timeoutMs: WRITE_TIMEOUT_MS });
      // The answer is the whole truth: what the chunks carried, exactly.
      latest.current.onBody(result.text);
      setRun({ state: 'done', note: result.outcome === 'stopped' ? 'Stopped: the text that had arrived is kept.' : 'Written.' });
    } catch (error) {
      latest.current.onBody(original); // nothing typed is lost to a failed request
      setUndoText(null);
      setRun({ state: 'failed', message: errorMessage(error) });
    } finally {
      unsubscribe();
      if (frame !== null) cancelAnimationFrame(frame);
      latest.current.onStreaming(false);
    }
  };

  const stop = (requestId: string) => void call('assistant.stop', { requestId }).catch(() => {});

  const undo = () => {
    if (undoText === null) return;
    onBody(undoText);
    setUndoText(null);
    setRun({ state: 'done', note: 'Back to your text as it was.' });
  };

  const rewrite = async () => {
    setRun({ state: 'rewriting' });
    setVariants([]);
    try {
      const answer = await call('assistant.rewrite', { text: body, platforms: [...platforms] }, { timeoutMs: WRITE_TIMEOUT_MS });
      setVariants(answer.variants);
      setRun({ state: 'idle' });
    } catch (error) {
      setRun({ state: 'failed', message: errorMessage(error) });
    }
  };

  const busy = run.state === 'writing' || run.state === 'rewriting';
  return (
    <div className="assistant-bar" aria-label="Assistant">
      <form className="assistant-prompt" onSubmit={(event) => { event.preventDefault(); if (!busy && prompt.trim() !== '') void write(prompt.trim()); }}>
        <label htmlFor="assistant-prompt-input">Ask the assistant</label>
        <input
          id="assistant-prompt-input"
          type="text"
          value={prompt}
          maxLength={2000}
          placeholder={body.trim() === '' ? 'e.g. Fresh sourdough from 7 am on Saturday' : 'e.g. shorter, friendlier, more professional'}
          onChange={(event) => setPrompt(event.target.value)}
        />
        {run.state === 'writing' ? (
          <button type="button" className="button button-secondary" onClick={() => stop(run.requestId)}>Stop</button>
        ) : (
          <button type="submit" className="button" disabled={busy || prompt.trim() === ''}>
            {body.trim() === '' ? 'Write' : 'Rewrite'}
          </button>
        )}
        {undoText !== null && !busy && (
          <button type="button" className="button button-secondary" onClick={undo}>Undo</button>
        )}
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || body.trim() === '' || platforms.length === 0}
          title={platforms.length === 0 ? 'Choose where it goes first' : undefined}
          onClick={() => void rewrite()}
        >
          {run.state === 'rewriting' ? 'Rewriting…' : 'Rewrite for each network'}
        </button>
      </form>
      <WhatWillBeSent
        request={
          prompt.trim() !== '' ? { kind: 'write', prompt: prompt.trim(), text: body }
            : body.trim() !== '' && platforms.length > 0 ? { kind: 'rewrite', text: body, platforms: [...platforms] }
              : null
        }
      />
      {body.trim() !== '' && (
        <p className="actions assistant-quick">
          {QUICK_REWRITES.map((quick) => (
            <button key={quick.label} type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void write(quick.prompt)}>
              {quick.label}
            </button>
          ))}
        </p>
      )}
      <div role="status" aria-live="polite">
        {run.state === 'failed' && <p className="field-error">{run.message}</p>}
        {run.state === 'done' && <p className="hint">{run.note}</p>}
      </div>
      {variants.length > 0 && (
        <ul className="assistant-variants">
          {variants.map((variant) => (
            <li key={variant.platform} className={variant.over ? 'assistant-variant over' : 'assistant-variant'}>
              <h3>{PLATFORM_LABELS[variant.platform]}</h3>
              <p className="assistant-variant-text">{variant.text}</p>
              <p className={variant.over ? 'field-error' : 'hint'}>
                {counts.format(variant.count)} / {counts.format(variant.max)}
                {variant.over ? ` — ${counts.format(variant.count - variant.max)} over the limit` : ''}
              </p>
              <button type="button" className="button button-small" onClick={() => onVariant(variant.platform, variant.text)}>
                {variant.over ? `Use for ${PLATFORM_LABELS[variant.platform]} anyway (too long to publish)` : `Use for ${PLATFORM_LABELS[variant.platform]}`}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
