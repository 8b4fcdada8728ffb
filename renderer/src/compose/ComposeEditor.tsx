import { useEffect, useRef, useState } from 'react';
import type { Platform } from '@shared/domain/platform';
import type { DraftInput, DraftTarget } from '@shared/ipc/drafts-channels';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { rememberDraftInUrl } from '../app/route';
import { AssistantBar } from '../assistant/AssistantBar';
import { useIpcQuery } from '../data/use-ipc-query';
import { mediaProblems } from './attachments/media-problems';
import { countsFor, togglePlatform, updateTarget } from './draft-edits';
import type { DraftSaver } from './draft-saver';
import { counterId, LengthCounter } from './LengthCounter';
import { PlatformOptions } from './PlatformOptions';
import { PlatformPicker } from './PlatformPicker';
import { platformCardProblems } from './problem-placement';

interface Props {
  initial: DraftInput;
  saver: DraftSaver;
  /** False for a brand-new draft: its id goes into the URL on the first edit, so a reload reopens it. */
  idInUrl: boolean;
  /** What stands in the way of scheduling, shown beside the platform it concerns. */
  problems?: readonly ScheduleProblem[];
  /** Tells the Schedule panel how many platforms are chosen and whether any text is written. */
  onShapeChange?: (shape: DraftShape) => void;
}

/** The draft being written. Every edit goes to the saver, which journals and autosaves it. */
/** What the Schedule panel needs to know of the draft to say why it cannot be scheduled yet. */
export interface DraftShape {
  platforms: number;
  /** False until the owner has typed something: no problem is shown before that. */
  written: boolean;
}

export function shapeOf(draft: DraftInput): DraftShape {
  return {
    platforms: draft.targets.length,
    written: draft.body.trim() !== '' || draft.targets.some((target) => (target.text ?? '').trim() !== ''),
  };
}

export function ComposeEditor({ initial, saver, idInUrl, problems = [], onShapeChange }: Props) {
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
    const [before, after] = [shapeOf(draft), shapeOf(next)];
    if (before.platforms !== after.platforms || before.written !== after.written) onShapeChange?.(after);
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
  // Nothing is wrong with a post nobody has written yet; connection problems are said at "Post to",
  // the files' under the attachments (the same cached media.list read as theirs).
  const attachments = useIpcQuery('media.list', { postId: draft.id }).data?.attachments ?? [];
  const youtube = draft.targets.find((target) => target.platform === 'youtube');
  const mediaRules = mediaProblems(attachments, [...chosen], youtube ? (youtube.title ?? '') : undefined);
  const shown = shapeOf(draft).written ? platformCardProblems(problems, mediaRules) : [];

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
          <div className="counters">
            {bodyCounts.map(({ platform, count }) => (
              <LengthCounter key={platform} platform={platform} count={count} />
            ))}
          </div>
        ) : (
          draft.targets.length === 0 && <p className="hint">Choose where it goes to see how it fits each platform.</p>
        )}
      </div>

      <PlatformPicker chosen={chosen} onToggle={toggle} beforeConnect={flush} />

      {draft.targets.map((target) => (
        <PlatformOptions
          key={target.platform}
          target={target}
          counts={countsFor(draft, target)}
          problems={shown.filter((problem) => problem.platform === target.platform).map((problem) => problem.message)}
          onChange={(update) => change(updateTarget(draft, target.platform, update))}
          onCustomise={(on) => customise(target, on)}
          onBlur={flush}
        />
      ))}
    </div>
  );
}
