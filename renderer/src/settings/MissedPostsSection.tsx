import { useId } from 'react';
import { usePreference } from './use-preference';

const CHOICES = [5, 15, 30, 60, 120, 240];

function minutes(n: number): string {
  if (n % 60 === 0) return n === 60 ? '1 hour' : `${n / 60} hours`;
  return `${n} minutes`;
}

/**
 * Settings → Missed posts: how late a post may still go out on its own when AgencyIQ starts
 * after its time. Later than that, it waits on the Publishing page for the owner's choice.
 */
export function MissedPostsSection() {
  const { value, failure, saving, set } = usePreference('missedAfterMinutes');
  const id = useId();
  const choices = value === null || CHOICES.includes(value) ? CHOICES : [...CHOICES, value].sort((a, b) => a - b);
  return (
    <section className="settings-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Missed posts</h2>
      <p className="hint">
        Posts only go out while AgencyIQ is running and the computer is awake. A post found a little late still goes out; one
        later than this is not sent but waits on the Publishing page for you to choose: publish now, pick a new time, or back to
        drafts.
      </p>
      <div className="field setting">
        <label htmlFor={`${id}-select`}>Ask me instead of posting when a post is more than</label>
        <select
          id={`${id}-select`}
          className="setting-select"
          value={value ?? ''}
          disabled={value === null}
          aria-busy={saving}
          onChange={(event) => set(Number(event.target.value))}
        >
          {value === null && <option value="">Loading…</option>}
          {choices.map((n) => (
            <option key={n} value={n}>
              {minutes(n)} late
            </option>
          ))}
        </select>
      </div>
      {failure !== null && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
