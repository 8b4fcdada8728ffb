import { useId } from 'react';
import { DEFAULT_YOUTUBE_SETTINGS, YOUTUBE_PRIVACY, type YouTubePrivacy, type YouTubeSettings } from '@shared/platforms/youtube-settings';

const PRIVACY_WORDS: Record<YouTubePrivacy, { label: string; hint: string }> = {
  private: { label: 'Private', hint: 'only you' },
  unlisted: { label: 'Unlisted', hint: 'anyone with the link' },
  public: { label: 'Public', hint: 'everyone' },
};

/**
 * On YouTube's card in Compose: who can watch the video and whether YouTube tells the channel's
 * subscribers, stored with the post. Unchosen, a video is private and nobody is told.
 */
export function YouTubeSettingsFields({ settings, onChange }: { settings: YouTubeSettings | undefined; onChange: (next: YouTubeSettings) => void }) {
  const id = useId();
  const current = settings ?? DEFAULT_YOUTUBE_SETTINGS;
  return (
    <>
      <fieldset className="field youtube-privacy">
        <legend>Who can watch it</legend>
        {YOUTUBE_PRIVACY.map((privacy) => (
          <label key={privacy} className="choice">
            <input
              type="radio"
              name={`${id}-privacy`}
              checked={current.privacy === privacy}
              onChange={() => onChange({ ...current, privacy })}
            />{' '}
            {PRIVACY_WORDS[privacy].label} <span className="hint">({PRIVACY_WORDS[privacy].hint})</span>
          </label>
        ))}
      </fieldset>
      <label className="check-line">
        <input
          type="checkbox"
          checked={current.notifySubscribers}
          onChange={(event) => onChange({ ...current, notifySubscribers: event.target.checked })}
        />
        Notify subscribers
      </label>
    </>
  );
}
