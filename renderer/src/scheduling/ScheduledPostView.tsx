import { useState } from 'react';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor, navigate } from '../app/route';
import { call, errorMessage } from '../ipc/client';
import { ConfirmPanel } from '../ui/ConfirmPanel';
import { PlatformTag } from './PlatformTag';
import { isScheduledAndUntouched, platformNames, postTitle, targetStateLabel, viewLabel } from './post-wording';
import { rememberPreviousSchedule } from './previous-schedule';
import { RescheduleForm } from './RescheduleForm';
import { asleepSentence } from './asleep-wording';
import { useIpcQuery } from '../data/use-ipc-query';
import { wallClock } from './zoned-time';
import { formatWhen, zoneName } from '../format/dates';

type Asking = 'edit' | 'unschedule' | 'publish-now' | 'reschedule' | null;

interface Props {
  post: PostView;
  zone: string;
  /** The post moved (rescheduled): the new view. */
  onChanged: (post: PostView) => void;
  /** The post is a draft again: open it for editing. */
  openDraft: () => void;
  /** Shows the post's text (Compose does; the calendar's dialog already has it as a title). */
  showText?: boolean;
  /** Offers a way back to the calendar once unscheduled (not when already on it). */
  linkToCalendar?: boolean;
  /** "Likely asleep" is already said above (Compose's confirmation), so not again here. */
  asleepSaidAbove?: boolean;
}

/**
 * A post beyond drafting: when it goes (or went) out, how each platform stands, and what the
 * owner can still do — move it, take it back to edit, unschedule it, or publish it now.
 */
export function ScheduledPostView({ post, zone, onChanged, openDraft, showText = true, linkToCalendar = true, asleepSaidAbove = false }: Props) {
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [unscheduled, setUnscheduled] = useState(false);
  const movable = isScheduledAndUntouched(post) && post.missedAt === null;
  const when = post.scheduledAt === null ? null : formatWhen(post.scheduledAt, zone);
  const platforms = post.targets.map((target) => target.platform);
  const asleepQuery = useIpcQuery(
    'scheduling.asleep',
    { instants: post.scheduledAt === null ? [] : [post.scheduledAt] },
    { enabled: movable && post.scheduledAt !== null && !asleepSaidAbove },
  );
  const asleep = movable && !asleepSaidAbove ? (asleepQuery.data?.reasons[0] ?? null) : null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      setAsking(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const unschedule = (thenEdit: boolean) =>
    run(async () => {
      await call('scheduling.unschedule', { postId: post.postId });
      if (post.scheduledAt !== null) rememberPreviousSchedule(post.postId, wallClock(post.scheduledAt, zone));
      if (thenEdit) openDraft();
      else setUnscheduled(true);
    });

  const publishNow = () =>
    run(async () => {
      await call('scheduling.publishNow', { postId: post.postId });
      navigate({ page: 'publishing' });
    });

  if (unscheduled) {
    return (
      <div className="notice" role="status">
        <p>“{postTitle(post)}” is back in your drafts and will not be published.</p>
        <p className="actions">
          <button type="button" className="button" onClick={openDraft}>
            Open the draft
          </button>
          {linkToCalendar && (
            <a className="button button-secondary" href={hrefFor({ page: 'calendar' })}>
              Back to the calendar
            </a>
          )}
        </p>
      </div>
    );
  }

  return (
    <div className="scheduled-post">
      <p className="scheduled-when">
        {post.missedAt !== null
          ? `Missed — it was due ${when ?? ''}`
          : post.state === 'scheduled'
            ? `Scheduled for ${when ?? ''}`
            : post.state === 'publishing'
              ? 'Publishing now'
              : `Published ${when ?? ''}`}
        <span className="hint"> ({zoneName(zone)})</span>
      </p>
      {asleep !== null && <p className="asleep-warning">{asleepSentence(asleep)}</p>}
      {showText && <p className="scheduled-text">{postTitle(post)}</p>}
      <ul className="target-lines" aria-label="Platforms">
        {post.targets.map((target) => (
          <li key={target.targetId}>
            <PlatformTag platform={target.platform} />
            <span className={`target-state target-${target.state}`}>{targetStateLabel(target)}</span>
            {target.error && <span className="target-error">{target.error.message}</span>}
            {target.state === 'published' && target.platformUrl && (
              <a href={target.platformUrl} target="_blank" rel="noreferrer">
                {viewLabel(target.platform)}
              </a>
            )}
          </li>
        ))}
      </ul>

      {post.missedAt !== null && (
        <p>
          AgencyIQ was not running at that time, so nothing was sent.{' '}
          <a href={hrefFor({ page: 'publishing' })}>Choose what to do on the Publishing page</a>.
        </p>
      )}
      {post.state !== 'scheduled' && post.missedAt === null && (
        <p>
          <a href={hrefFor({ page: 'publishing' })}>See how it went on the Publishing page</a>
        </p>
      )}

      {movable && asking === null && (
        <p className="actions">
          <button type="button" className="button" onClick={() => setAsking('reschedule')}>
            Reschedule
          </button>
          <button type="button" className="button button-secondary" onClick={() => setAsking('edit')}>
            Edit
          </button>
          <button type="button" className="button button-secondary" onClick={() => setAsking('unschedule')}>
            Unschedule
          </button>
          <button type="button" className="button button-secondary" onClick={() => setAsking('publish-now')}>
            Publish now
          </button>
        </p>
      )}

      {movable && asking === 'reschedule' && post.scheduledAt !== null && (
        <RescheduleForm
          initial={wallClock(post.scheduledAt, zone)}
          zone={zone}
          submit={async (to) => {
            onChanged(await call('scheduling.reschedule', { postId: post.postId, ...to }));
            setAsking(null);
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking === 'edit' && (
        <ConfirmPanel
          question="Take this post off the schedule to edit it?"
          confirmLabel="Yes, edit it"
          cancelLabel="Keep it scheduled"
          busy={busy}
          onConfirm={() => void unschedule(true)}
          onCancel={() => setAsking(null)}
        >
          <p>It goes back to your drafts while you edit. Schedule it again when you are done; it will offer the same time.</p>
        </ConfirmPanel>
      )}
      {asking === 'unschedule' && (
        <ConfirmPanel
          question="Unschedule this post?"
          confirmLabel="Yes, unschedule"
          cancelLabel="Keep it scheduled"
          busy={busy}
          onConfirm={() => void unschedule(false)}
          onCancel={() => setAsking(null)}
        >
          <p>It will not be published. It stays in your drafts.</p>
        </ConfirmPanel>
      )}
      {asking === 'publish-now' && (
        <ConfirmPanel
          question={`Publish to ${platformNames(platforms)} now?`}
          confirmLabel="Yes, publish now"
          cancelLabel="Not now"
          busy={busy}
          onConfirm={() => void publishNow()}
          onCancel={() => setAsking(null)}
        >
          <p>It goes out straight away instead of {when}, and counts as one of your posts this cycle.</p>
        </ConfirmPanel>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
