import { useId } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { DraftTarget } from '@shared/ipc/drafts-channels';
import type { FieldCount } from '@shared/platforms/limits';
import { counterId, LengthCounter } from './LengthCounter';
import { YouTubeSettingsFields } from './YouTubeSettingsFields';

interface Props {
  target: DraftTarget;
  counts: FieldCount[];
  onChange: (change: Partial<Omit<DraftTarget, 'platform'>>) => void;
  onCustomise: (on: boolean) => void;
  onBlur: () => void;
  /** Why this platform stops the post being scheduled (not connected, too long…), in plain words. */
  problems?: readonly string[];
}

/**
 * What is particular to one chosen platform: its own wording (instead of the shared post) and,
 * for YouTube, the video title, who can watch it and whether subscribers are told. Counters sit under the field they count.
 */
export function PlatformOptions({ target, counts, onChange, onCustomise, onBlur, problems = [] }: Props) {
  const id = useId();
  const name = PLATFORM_LABELS[target.platform];
  const titleCount = counts.find((count) => count.field === 'title');
  const textCount = counts.find((count) => count.field === 'text');
  return (
    <section className="platform-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{name}</h3>
      {problems.length > 0 && (
        <ul className="platform-problems" aria-label={`Before ${name} can be scheduled`}>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {titleCount && (
        <div className="field">
          <label htmlFor={`${id}-title`}>Video title</label>
          <input
            id={`${id}-title`}
            type="text"
            value={target.title ?? ''}
            aria-describedby={counterId(target.platform, 'title')}
            onChange={(event) => onChange({ title: event.target.value })}
            onBlur={onBlur}
          />
          <LengthCounter platform={target.platform} count={titleCount} />
        </div>
      )}
      {target.platform === 'youtube' && <YouTubeSettingsFields settings={target.youtube} onChange={(youtube) => onChange({ youtube })} />}
      <label className="check-line">
        <input type="checkbox" checked={target.text !== null} onChange={(event) => onCustomise(event.target.checked)} />
        Customise for {name}
      </label>
      {target.text === null ? (
        <p className="hint">Uses your post above.</p>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-text`}>Text for {name}</label>
          <textarea
            id={`${id}-text`}
            rows={5}
            value={target.text}
            aria-describedby={counterId(target.platform, 'text')}
            onChange={(event) => onChange({ text: event.target.value })}
            onBlur={onBlur}
          />
          {textCount && <LengthCounter platform={target.platform} count={textCount} />}
        </div>
      )}
    </section>
  );
}
