import { useState } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { AssistantIdea } from '@shared/ipc/assistant-channels';
import { hrefFor, navigate } from '../app/route';
import { formatLongDay } from '../format/dates';
import { call, errorMessage } from '../ipc/client';
import { draftFromIdea } from './draft-from-idea';
import { WhatWillBeSent } from './WhatWillBeSent';

// A model on a laptop may take minutes for a fortnight of ideas.
const IDEAS_TIMEOUT_MS = 10 * 60 * 1000;
const IDEAS_REQUEST = { kind: 'ideas' } as const;
const names = new Intl.ListFormat('en-AU', { type: 'conjunction' });

/** Ideas (`#/ideas`): "Ideas for the next two weeks" from the business profile; "Draft it" opens a draft. */
export function IdeasPage() {
  const [ideas, setIdeas] = useState<AssistantIdea[]>([]);
  const [busy, setBusy] = useState<'ideas' | number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const ask = async () => {
    setBusy('ideas');
    setFailure(null);
    try {
      setIdeas((await call('assistant.ideas', {}, { timeoutMs: IDEAS_TIMEOUT_MS })).ideas);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const draftIt = async (idea: AssistantIdea, index: number) => {
    setBusy(index);
    setFailure(null);
    try {
      const { variants } = await call('assistant.rewrite', { text: `${idea.title}. ${idea.whyNow}`, platforms: idea.platforms }, { timeoutMs: IDEAS_TIMEOUT_MS });
      const saved = await call('drafts.save', draftFromIdea(crypto.randomUUID(), idea, variants));
      navigate({ page: 'compose', draftId: saved.id });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <header className="page-header">
        <h1>Ideas</h1>
      </header>
      <div className="assistant-ideas">
        <p className="hint">
          The assistant suggests posts for the next two weeks from your business profile (name, where, what you sell, for
          whom, tone of voice, website and time zone) and what is coming up where you are. Those are sent to the assistant you chose in{' '}
          <a href={hrefFor({ page: 'settings' })}>Settings</a> when you ask, and nothing is scheduled for you.
        </p>
        <WhatWillBeSent request={IDEAS_REQUEST} />
        <p className="actions">
          <button type="button" className="button" disabled={busy !== null} onClick={() => void ask()}>
            {busy === 'ideas' ? 'Thinking…' : 'Ideas for the next two weeks'}
          </button>
        </p>
        <div role="status" aria-live="polite">
          {failure !== null && <p className="field-error">{failure}</p>}
        </div>
        {ideas.length > 0 && (
          <ul className="assistant-variants">
            {ideas.map((idea, index) => (
              <li key={`${idea.day}-${idea.title}`} className="assistant-variant">
                <h3>{idea.title}</h3>
                <p className="assistant-variant-text">{idea.whyNow}</p>
                <p className="hint">
                  {formatLongDay(idea.day)} · {names.format(idea.platforms.map((platform) => PLATFORM_LABELS[platform]))}
                </p>
                <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void draftIt(idea, index)}>
                  {busy === index ? 'Drafting…' : 'Draft it'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}
