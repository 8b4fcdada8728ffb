import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { hrefFor } from '../app/route';
import { emptyDraft } from './draft-edits';
import { saverFor, type DraftSaver } from './draft-saver';
import { DraftWorkspace } from './DraftWorkspace';
import { ScheduledPostView } from '../scheduling/ScheduledPostView';
import { SaveProblem, SaveStatusText } from './SaveStatusText';
import { useDraftLoader } from './use-draft-loader';

/** Compose: a new draft, or the saved draft named in the URL. */
export function ComposePage({ draftId }: { draftId: string | null }) {
  return draftId === null ? <NewDraft /> : <SavedDraft draftId={draftId} />;
}

function NewDraft() {
  // The renderer names the draft, so a retried save is the same save (drafts.save is an upsert).
  const [draftId] = useState(() => crypto.randomUUID());
  const [saver] = useState(() => saverFor(draftId, { kind: 'idle' }));
  // Scheduled, then taken back to edit: from here on it is a saved post like any other.
  const [reopened, setReopened] = useState(false);
  if (reopened) return <SavedDraft draftId={draftId} />;
  return (
    <ComposeFrame saver={saver}>
      <DraftWorkspace initial={emptyDraft(draftId)} saver={saver} idInUrl={false} reopen={() => setReopened(true)} />
    </ComposeFrame>
  );
}

function SavedDraft({ draftId }: { draftId: string }) {
  const [attempt, setAttempt] = useState(0);
  const loaded = useDraftLoader(draftId, attempt);
  switch (loaded.state) {
    case 'loading':
      return (
        <ComposeFrame>
          <p role="status" className="loading">
            Opening your draft…
          </p>
        </ComposeFrame>
      );
    case 'missing':
      return (
        <ComposeFrame>
          <div className="notice">
            <p>We couldn’t find this draft. It may have been deleted.</p>
            <p className="actions">
              <a className="button" href={hrefFor({ page: 'drafts' })}>
                Go to your drafts
              </a>
              <a className="button button-secondary" href={hrefFor({ page: 'compose', draftId: null })}>
                Start a new draft
              </a>
            </p>
          </div>
        </ComposeFrame>
      );
    case 'error':
      return (
        <ComposeFrame>
          <div className="notice notice-error" role="alert">
            <p>We couldn’t open this draft. {loaded.message}</p>
            <p className="actions">
              <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
              <a className="button button-secondary" href={hrefFor({ page: 'drafts' })}>
                Go to your drafts
              </a>
            </p>
          </div>
        </ComposeFrame>
      );
    case 'ready':
      return (
        <ComposeFrame saver={loaded.saver}>
          <DraftWorkspace key={draftId} initial={loaded.draft} saver={loaded.saver} idInUrl reopen={() => setAttempt((n) => n + 1)} />
        </ComposeFrame>
      );
    case 'scheduled':
      // Opened by its address after it left the drafts (from the calendar, a notification).
      return (
        <ComposeFrame>
          <ScheduledPostView
            key={attempt}
            post={loaded.post}
            zone={loaded.zone}
            onChanged={() => setAttempt((n) => n + 1)}
            openDraft={() => setAttempt((n) => n + 1)}
          />
        </ComposeFrame>
      );
  }
}

function ComposeFrame({ saver, children }: { saver?: DraftSaver; children: ReactNode }) {
  return (
    <>
      <header className="page-header">
        <h1>Compose</h1>
        {saver && <ComposeHeaderSide saver={saver} />}
      </header>
      {saver && <SaveProblem saver={saver} />}
      {children}
    </>
  );
}

function ComposeHeaderSide({ saver }: { saver: DraftSaver }) {
  const status = useSyncExternalStore(saver.subscribe, saver.getStatus);
  return (
    <div className="page-header-side">
      <SaveStatusText saver={saver} />
      {/* An untouched new draft is already blank; offering "New draft" there would do nothing. */}
      {status.kind !== 'idle' && (
        <a className="button button-secondary" href={hrefFor({ page: 'compose', draftId: null })}>
          New draft
        </a>
      )}
    </div>
  );
}
