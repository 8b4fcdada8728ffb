import { Fragment } from 'react';
import { PLATFORM_LABELS } from '@shared/domain/platform';
import { PlatformTag } from '../scheduling/PlatformTag';
import type { TargetView } from '@shared/ipc/scheduling-channels';
import { isScheduledAndUntouched, postTitle } from '../scheduling/post-wording';
import { formatTime } from '../format/dates';
import { ASLEEP_MARK } from '../scheduling/asleep-wording';
import { useAsleepOf } from '../scheduling/use-asleep';
import { MediaCover } from '../media/MediaCover';
import type { Placed } from './calendar-grid';

/** MIME type of a dragged post: a drop anywhere else (a text field) ignores it. */
export const POST_DRAG_TYPE = 'application/x-agencyiq-post';

/**
 * One post on the calendar: its time, its platforms (each named on its own colour) and the
 * start of its text. A button: Enter or a click opens it; a post that has not started can also
 * be dragged to another day or time.
 */
export function PostChip({ placed, onOpen }: { placed: Placed; onOpen: () => void }) {
  const { post, time } = placed;
  const movable = isScheduledAndUntouched(post) && post.missedAt === null;
  const first = post.targets[0]?.platform;
  const status = post.missedAt !== null ? 'Missed' : post.state === 'scheduled' ? null : summary(post.targets.map((t) => t.state));
  const title = postTitle(post);
  const asleep = useAsleepOf(post.postId) !== null;
  return (
    <button
      type="button"
      className={`post-chip${first ? ` post-chip-${first}` : ''}${movable ? ' post-chip-movable' : ''}`}
      draggable={movable}
      onDragStart={(event) => {
        event.dataTransfer.setData(POST_DRAG_TYPE, post.postId);
        event.dataTransfer.effectAllowed = 'move';
      }}
      onClick={onOpen}
      aria-label={`${formatTime(time)}${status ? `, ${status}` : ''}${asleep ? `, ${ASLEEP_MARK.toLowerCase()}` : ''}: ${title} (${post.targets.map((t) => PLATFORM_LABELS[t.platform]).join(', ')})`}
    >
      {/* The label holds the chip's visible words in their order, then its networks (their logos are
          hidden from the accessibility tree here: the label names them). The spaces between the parts
          (not drawn in the flex layout) keep the words apart where the visible text is computed. */}
      <MediaCover postId={post.postId} size="tiny" spoken={false} />
      <span className="post-chip-time">{formatTime(time)}</span>{' '}
      <span className="post-chip-tags" aria-hidden="true">
        {post.targets.map((target) => (
          <Fragment key={target.targetId}>
            <PlatformTag platform={target.platform} compact />{' '}
          </Fragment>
        ))}
      </span>{' '}
      {status && <span className="post-chip-status">{status}</span>}{' '}
      {asleep && <span className="post-chip-asleep">{ASLEEP_MARK}</span>}{' '}
      <span className="post-chip-text">{title}</span>
    </button>
  );
}

/** The one word a post's chip needs when it is past scheduling. */
function summary(states: ReadonlyArray<TargetView['state']>): string {
  if (states.some((s) => s === 'publishing' || s === 'scheduled')) return 'Publishing';
  if (states.some((s) => s === 'needs_check' || s === 'needs_reconnect')) return 'Needs you';
  if (states.every((s) => s === 'published')) return 'Published';
  if (states.some((s) => s === 'published')) return 'Partly published';
  return 'Not published';
}
