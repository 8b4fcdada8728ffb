import { useState } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { PostView, ScheduleWhen } from '@shared/ipc/scheduling-channels';
import { hrefFor, navigate } from '../app/route';
import { useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';
import { forgetPreviousSchedule, previousSchedule } from '../scheduling/previous-schedule';
import { isCompleteWhen, WhenFields } from '../scheduling/WhenFields';
import { defaultWhen } from '../scheduling/zoned-time';
import { formatWallClock, zoneName } from '../format/dates';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import type { DraftShape } from './ComposeEditor';
import type { DraftSaver } from './draft-saver';
import type { ScheduleCheck } from './use-schedule-check';

type Queue = { state: 'loading' } | { state: 'ready'; zone: string; slotCount: number } | { state: 'error'; message: string };

/**
 * Under the draft: when it should go out (a day and time in the business's zone, the next free
 * queue slot, or now). Each button says why it cannot be used while something is in the way.
 */
export function SchedulePanel({
  saver,
  check,
  shape,
  onScheduled,
}: {
  saver: DraftSaver;
  check: ScheduleCheck;
  shape: DraftShape;
  onScheduled: (post: PostView, zone: string) => void;
}) {
  const slots = useIpcQuery('scheduling.slots.get', {});
  const queue: Queue = slots.data
    ? { state: 'ready', zone: slots.data.timeZone, slotCount: slots.data.slots.length }
    : slots.isError
      ? { state: 'error', message: errorMessage(slots.error) }
      : { state: 'loading' };
  const [openedAt] = useState(() => Date.now());
  const [chosenWhen, setWhen] = useState<{ date: string; time: string } | null>(() => previousSchedule(saver.draftId));
  // Until the owner picks, the fields offer the next sensible time in the business's zone.
  const when = chosenWhen ?? (slots.data ? defaultWhen(openedAt, slots.data.timeZone) : null);
  const [again] = useState(() => previousSchedule(saver.draftId) !== null);
  const [busy, setBusy] = useState<'at' | 'next-slot' | 'now' | null>(null);
  const [confirmNow, setConfirmNow] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (queue.state === 'loading' || when === null) {
    return (
      <section className="schedule-panel" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Schedule</h2>
        {queue.state === 'error' ? (
          <p className="field-error" role="alert">
            Scheduling is not available right now. {queue.message}
          </p>
        ) : (
          <p role="status" className="loading">
            Loading…
          </p>
        )}
      </section>
    );
  }

  const zone = queue.state === 'ready' ? queue.zone : 'UTC';
  const problems = check.state === 'ready' ? check.problems : check.state === 'checking' ? (check.problems ?? []) : [];
  // "Choose at least one platform" is the sentence under the buttons already; nothing before typing.
  const general = shape.written && shape.platforms > 0 ? problems.filter((p) => p.platform === null) : [];

  // One plain sentence for why the buttons are off (not an error: the problems themselves are
  // said once, beside the platform or at "Post to" above).
  let blocked: string | null = null;
  if (check.state === 'unsaved' || !shape.written) blocked = 'Write your post first; it is saved as you type.';
  else if (shape.platforms === 0) blocked = 'Choose at least one platform above.';
  else if (check.state === 'error') blocked = `We couldn’t check this post. ${check.message}`;
  else if (problems.length > 0) {
    const where = problems.filter((p) => p.platform !== null).map((p) => PLATFORM_LABELS[p.platform!]);
    blocked =
      where.length > 0
        ? `Not ready yet: see ${[...new Set(where)].join(', ')} above.`
        : 'Not ready yet: see below.';
  } else if (check.state === 'checking' && check.problems === null) blocked = 'Checking your post…';

  const complete = isCompleteWhen(when);
  const label = complete ? formatWallClock(when.date, when.time) : null;
  const disabled = blocked !== null || busy !== null;

  /** Makes sure the newest text is on disk before it is scheduled. */
  const saved = async (): Promise<boolean> => {
    saver.flush();
    await saver.settled();
    if (saver.getStatus().kind === 'error') {
      setProblem('Your latest changes are not saved yet, so the post was not scheduled. Try again in a moment.');
      return false;
    }
    return true;
  };

  const schedule = async (request: ScheduleWhen) => {
    setBusy(request.kind);
    setProblem(null);
    try {
      if (!(await saved())) return;
      const post = await call('scheduling.schedule', { postId: saver.draftId, when: request });
      forgetPreviousSchedule(saver.draftId);
      onScheduled(post, zone);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const publishNow = async () => {
    setBusy('now');
    setProblem(null);
    try {
      if (!(await saved())) return;
      await call('scheduling.publishNow', { postId: saver.draftId });
      forgetPreviousSchedule(saver.draftId);
      navigate({ page: 'publishing' });
    } catch (error) {
      setProblem(errorMessage(error));
      setConfirmNow(false);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="schedule-panel" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule</h2>
      <p className="hint">
        Times are in {zoneName(zone)}, your business’s time zone (<a href={hrefFor({ page: 'brand' })}>change the time zone</a>).
      </p>
      <WhenFields date={when.date} time={when.time} zone={zone} onChange={setWhen} disabled={busy !== null} />

      {general.length > 0 && (
        <ul className="schedule-problems">
          {general.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}

      <p className="actions">
        <button
          type="button"
          className="button"
          disabled={disabled || !complete}
          aria-describedby={blocked ? 'schedule-blocked' : undefined}
          onClick={() => complete && void schedule({ kind: 'at', date: when.date, time: when.time })}
        >
          {busy === 'at' ? 'Scheduling…' : label ? `${again ? 'Schedule again for' : 'Schedule for'} ${label}` : 'Schedule'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || queue.state !== 'ready' || queue.slotCount === 0}
          aria-describedby={blocked ? 'schedule-blocked' : 'schedule-slots-hint'}
          onClick={() => void schedule({ kind: 'next-slot' })}
        >
          {busy === 'next-slot' ? 'Scheduling…' : 'Add to next free slot'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || confirmNow}
          aria-describedby={blocked ? 'schedule-blocked' : undefined}
          onClick={() => setConfirmNow(true)}
        >
          Publish now
        </button>
      </p>
      {blocked !== null && (
        <p id="schedule-blocked" className="schedule-blocked" role="status">
          {blocked}
        </p>
      )}
      {queue.state === 'ready' && queue.slotCount === 0 && (
        <p id="schedule-slots-hint" className="hint">
          To use “Add to next free slot”, <a href={hrefFor({ page: 'calendar' })}>set your weekly posting times</a> on the Calendar page.
        </p>
      )}
      {confirmNow && (
        <ConfirmPanel
          question="Publish this post now?"
          confirmLabel={busy === 'now' ? 'Publishing…' : 'Yes, publish now'}
          cancelLabel="Not now"
          busy={busy !== null}
          onConfirm={() => void publishNow()}
          onCancel={() => setConfirmNow(false)}
        >
          <p>It goes out straight away and counts as one of your posts this cycle.</p>
        </ConfirmPanel>
      )}
      {problem && (
        <div className="notice notice-error" role="alert">
          <p>Nothing was scheduled or sent.</p>
          <p>{problem}</p>
        </div>
      )}
    </section>
  );
}
