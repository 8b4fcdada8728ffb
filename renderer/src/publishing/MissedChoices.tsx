import { useState } from 'react';
import type { MissedChoice, PostView } from '@shared/ipc/scheduling-channels';
import { navigate } from '../app/route';
import { call, errorMessage } from '../ipc/client';
import { platformNames } from '../scheduling/post-wording';
import { RescheduleForm } from '../scheduling/RescheduleForm';
import { defaultWhen } from '../scheduling/zoned-time';
import { formatWhen } from '../format/dates';
import { ConfirmPanel } from '../ui/ConfirmPanel';

/**
 * A post whose time passed while AgencyIQ was not running. Nothing was sent; the owner picks:
 * publish it now, give it a new time, or take it back to the drafts.
 */
export function MissedChoices({ post, zone, onDone }: { post: PostView; zone: string; onDone: (post: PostView) => void }) {
  const [asking, setAsking] = useState<'now' | 'reschedule' | null>(null);
  const [proposal, setProposal] = useState<{ date: string; time: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const choose = async (choice: MissedChoice) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await resolveMissed(post.postId, choice);
      if (choice.kind === 'back-to-drafts') navigate({ page: 'compose', draftId: post.postId });
      else onDone(next);
      setAsking(null);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="missed">
      <p>
        <strong>Missed.</strong> It was due {post.scheduledAt === null ? '' : formatWhen(post.scheduledAt, zone)} while AgencyIQ was not
        running, so nothing was sent to {platformNames(post.targets.map((t) => t.platform))}.
      </p>
      {asking === null && (
        <p className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => setAsking('now')}>
            Publish now
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => {
              setProposal(defaultWhen(Date.now(), zone));
              setAsking('reschedule');
            }}>
            Reschedule
          </button>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void choose({ kind: 'back-to-drafts' })}>
            Back to drafts
          </button>
        </p>
      )}
      {asking === 'now' && (
        <ConfirmPanel
          question="Publish this post now?"
          confirmLabel="Yes, publish now"
          cancelLabel="Not now"
          busy={busy}
          onConfirm={() => void choose({ kind: 'publish-now' })}
          onCancel={() => setAsking(null)}
        >
          <p>It goes out straight away and counts as one of your posts this cycle.</p>
        </ConfirmPanel>
      )}
      {asking === 'reschedule' && proposal && (
        <RescheduleForm
          initial={proposal}
          zone={zone}
          submitLabel="Schedule for"
          submit={async (when) => {
            onDone(await resolveMissed(post.postId, { kind: 'reschedule', ...when }));
            setAsking(null);
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function resolveMissed(postId: string, choice: MissedChoice): Promise<PostView> {
  return call('scheduling.resolveMissed', { postId, choice });
}
