import { useState } from 'react';
import type { CalendarDaySuggestion } from '@shared/ipc/assistant-channels';
import { hrefFor, navigate } from '../app/route';
import { draftFromDate } from '../assistant/draft-from-date';
import { QueryState } from '../data/QueryState';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatLongDay } from '../format/dates';
import { call, errorMessage } from '../ipc/client';

const KIND_LABELS: Record<CalendarDaySuggestion['kind'], string> = {
  public_holiday: 'Public holiday',
  school: 'School calendar',
  season: 'Season',
};

/** How far ahead the Calendar looks for occasions to post about. */
const DAYS_AHEAD = 30;

/**
 * "Coming up where you are": public holidays, school terms and seasonal dates for the next
 * 30 days at the business's place (Brand page). Each has "Draft a post", which opens a new draft
 * in Compose; nothing is sent anywhere and nothing is scheduled.
 */
export function LocalDates() {
  const calendar = useIpcQuery('assistant.localCalendar', { days: DAYS_AHEAD });
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const draft = async (day: CalendarDaySuggestion) => {
    const key = `${day.date}-${day.name}`;
    setBusy(key);
    setFailure(null);
    try {
      const saved = await call('drafts.save', draftFromDate(crypto.randomUUID(), day, formatLongDay(day.date)));
      navigate({ page: 'compose', draftId: saved.id });
    } catch (error) {
      setFailure(`The draft was not made. ${errorMessage(error)}`);
      setBusy(null);
    }
  };

  return (
    <section className="local-dates" aria-labelledby="local-dates-heading">
      <h2 id="local-dates-heading">Coming up where you are</h2>
      <QueryState query={calendar} loading="Looking at the local calendar…" action="load the local calendar">
        {(local) => (
          <>
            {local.place === null ? (
              <p className="hint">
                Say where your business is on the <a href={hrefFor({ page: 'brand' })}>Brand</a> page to see its public and school
                holidays here.
              </p>
            ) : (
              <p className="hint">
                The next {DAYS_AHEAD} days in {local.place.label} (change it on the <a href={hrefFor({ page: 'brand' })}>Brand</a> page).
                {local.schoolTerms?.source && local.schoolTerms.status === 'current' && (
                  <> School terms from {local.schoolTerms.source.title}, up to {formatLongDay(local.schoolTerms.lastDate)}.</>
                )}
              </p>
            )}
            {local.schoolTerms?.notice && <p className="notice local-dates-notice">{local.schoolTerms.notice}</p>}
            <div role="status" aria-live="polite">
              {failure !== null && <p className="field-error">{failure}</p>}
            </div>
            {local.place !== null && local.days.length === 0 && <p className="hint">Nothing on the local calendar in the next {DAYS_AHEAD} days.</p>}
            {local.days.length > 0 && (
              <ul className="local-dates-list">
                {local.days.map((day) => {
                  const key = `${day.date}-${day.name}`;
                  return (
                    <li key={key} className="local-date">
                      <span className="local-date-day">{formatLongDay(day.date)}</span>
                      <span className="local-date-name">{day.name}</span>
                      <span className="local-date-kind">{KIND_LABELS[day.kind]}</span>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={`Draft a post for ${day.name}, ${formatLongDay(day.date)}`}
                        disabled={busy !== null}
                        onClick={() => void draft(day)}
                      >
                        {busy === key ? 'Opening…' : 'Draft a post'}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
