import { useEffect, useRef, useState } from 'react';
import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { DraftInput, DraftTarget } from '@shared/ipc/drafts-channels';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { rememberDraftInUrl } from '../app/route';
import { AssistantBar } from '../assistant/AssistantBar';
import { countsFor, togglePlatform, updateTarget } from './draft-edits';
import type { DraftSaver } from './draft-saver';
import { counterId, LengthCounter } from './LengthCounter';
import { PlatformOptions } from './PlatformOptions';
import { PlatformPicker } from './PlatformPicker';

const names = new Intl.ListFormat('en-AU', { type: 'conjunction' });

interface Props {
  initial: DraftInput;
  saver: DraftSaver;
  /** False for a brand-new draft: its id goes into the URL on the first edit, so a reload reopens it. */
  idInUrl: boolean;
  /** What stands in the way of scheduling, shown beside the platform it concerns. */
  problems?: readonly ScheduleProblem[];
  /** Tells the Schedule panel how many platforms are chosen. */
  onPlatformsChange?: (count: number) => void;
}

/** The draft being written. Every edit goes to the saver, which journals and autosaves it. */
export function ComposeEditor({ initial, saver, idInUrl, problems = [], onPlatformsChange }: Props) {
  const [draft, setDraft] = useState(initial);
  const [assistantStreaming, setAssistantStreaming] = useState(false);
  const inUrl = useRef(idInUrl);
  // Unticking "Customise" then ticking it again brings the owner's wording back.
  const customTexts = useRef(new Map<Platform, string>());

  useEffect(() => {
    const flush = () => saver.flush();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      // Leaving the page (another page in the app, or another draft) saves at once.
      saver.flush();
    };
  }, [saver]);

  const change = (next: DraftInput) => {
    setDraft(next);
    saver.update(next);
    if (next.targets.length !== draft.targets.length) onPlatformsChange?.(next.targets.length);
    if (!inUrl.current) {
      inUrl.current = true;
      rememberDraftInUrl(next.id);
    }
  };

  const customise = (target: DraftTarget, on: boolean) => {
    if (on) {
      change(updateTarget(draft, target.platform, { text: customTexts.current.get(target.platform) ?? draft.body }));
    } else {
      if (target.text !== null) customTexts.current.set(target.platform, target.text);
      change(updateTarget(draft, target.platform, { text: null }));
    }
  };

  const toggle = (platform: Platform, on: boolean) => {
    const text = draft.targets.find((target) => target.platform === platform)?.text;
    if (!on && text != null) customTexts.current.set(platform, text);
    change(togglePlatform(draft, platform, on));
  };

  const flush = () => saver.flush();
  const chosen = new Set(draft.targets.map((target) => target.platform));
  const usingBody = draft.targets.filter((target) => target.text === null);
  const bodyCounts = usingBody.flatMap((target) =>
    countsFor(draft, target)
      .filter((count) => count.field === 'text')
      .map((count) => ({ platform: target.platform, count })),
  );

  // Where the shared text is too long, say how to fix it right there.
  const tooLong = bodyCounts.filter(({ count }) => count.over).map(({ platform }) => platform);

  return (
    <div className="compose-editor">
      <div className="field">
        <label htmlFor="compose-body">Your post</label>
        <p className="hint" id="compose-body-hint">
          Write it once. Each platform uses this text unless you customise it below.
        </p>
        <AssistantBar
          body={draft.body}
          platforms={draft.targets.map((target) => target.platform)}
          onBody={(body) => change({ ...draft, body })}
          onVariant={(platform, text) => change(updateTarget(draft, platform, { text }))}
          onStreaming={setAssistantStreaming}
        />
        <textarea
          id="compose-body"
          readOnly={assistantStreaming}
          className="compose-body"
          rows={9}
          value={draft.body}
          aria-describedby={['compose-body-hint', ...bodyCounts.map((c) => counterId(c.platform, 'text'))].join(' ')}
          onChange={(event) => change({ ...draft, body: event.target.value })}
          onBlur={flush}
        />
        {bodyCounts.length > 0 ? (
          <>
            <div className="counters">
              {bodyCounts.map(({ platform, count }) => (
                <LengthCounter key={platform} platform={platform} count={count} />
              ))}
            </div>
            {tooLong.length > 0 && (
              <p className="hint">
                Shorten your post, or customise it below for {names.format(tooLong.map((p) => PLATFORM_LABELS[p]))}.
              </p>
            )}
          </>
        ) : (
          draft.targets.length === 0 && <p className="hint">Choose where it goes to see how it fits each platform.</p>
        )}
      </div>

      <PlatformPicker chosen={chosen} onToggle={toggle} />

      {draft.targets.map((target) => (
        <PlatformOptions
          key={target.platform}
          target={target}
          counts={countsFor(draft, target)}
          problems={problems.filter((problem) => problem.platform === target.platform).map((problem) => problem.message)}
          onChange={(update) => change(updateTarget(draft, target.platform, update))}
          onCustomise={(on) => customise(target, on)}
          onBlur={flush}
        />
      ))}
    </div>
  );
}
