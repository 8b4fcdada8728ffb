import { useState } from 'react';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { hrefFor } from '../app/route';
import { RunningReminder } from '../scheduling/RunningReminder';
import { ScheduledPostView } from '../scheduling/ScheduledPostView';
import { Attachments } from './attachments/Attachments';
import { ComposeEditor, shapeOf } from './ComposeEditor';
import type { DraftSaver } from './draft-saver';
import { PostPreview } from './preview/PostPreview';
import { SchedulePanel } from './SchedulePanel';
import { useScheduleCheck } from './use-schedule-check';

/**
 * A draft being written, its preview beside it and its Schedule panel under it. Once scheduled, the post is no longer
 * a draft: the editor gives way to its scheduled view (Reschedule, Edit, Unschedule, Publish now).
 */
export function DraftWorkspace({
  initial,
  saver,
  idInUrl,
  reopen,
}: {
  initial: DraftInput;
  saver: DraftSaver;
  idInUrl: boolean;
  /** Loads the post again (after it went back to the drafts for editing). */
  reopen: () => void;
}) {
  const { check } = useScheduleCheck(saver);
  const [shape, setShape] = useState(() => shapeOf(initial));
  const [scheduled, setScheduled] = useState<{ post: PostView; zone: string } | null>(null);

  if (scheduled) {
    return (
      <>
        <div className="notice" role="status">
          <p>Scheduled. It is on your <a href={hrefFor({ page: 'calendar' })}>calendar</a>.</p>
          {scheduled.post.scheduledAt !== null && <RunningReminder scheduledAt={scheduled.post.scheduledAt} zone={scheduled.zone} />}
        </div>
        <ScheduledPostView
          post={scheduled.post}
          zone={scheduled.zone}
          onChanged={(post) => setScheduled({ post, zone: scheduled.zone })}
          openDraft={reopen}
          asleepSaidAbove
        />
      </>
    );
  }

  const problems = check.state === 'ready' ? check.problems : check.state === 'checking' ? (check.problems ?? []) : [];
  // The preview is its own column on a wide window (beside the post, in view while typing) and
  // stacks under the attachments on a narrow one: compose.css places the three parts.
  return (
    <div className="compose-workspace">
      <div className="compose-columns">
        <div className="compose-writing">
          <ComposeEditor
            initial={initial}
            saver={saver}
            idInUrl={idInUrl}
            problems={problems}
            onShapeChange={setShape}
          />
          <Attachments saver={saver} initial={initial} />
        </div>
        <PostPreview saver={saver} initial={initial} />
        <SchedulePanel
          saver={saver}
          check={check}
          shape={shape}
          onScheduled={(post, zone) => setScheduled({ post, zone })}
        />
      </div>
    </div>
  );
}
