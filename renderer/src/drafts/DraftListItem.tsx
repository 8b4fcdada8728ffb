import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { DraftSummary } from '@shared/ipc/drafts-channels';
import { hrefFor } from '../app/route';
import { formatEditedAgo } from '../format/dates';
import { MediaCover } from '../media/MediaCover';

interface Props {
  draft: DraftSummary;
  now: number;
  busy: boolean;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function DraftListItem({ draft, now, busy, onDuplicate, onDelete }: Props) {
  const excerpt = draft.excerpt.trim() === '' ? 'Untitled draft (no text yet)' : draft.excerpt;
  return (
    <li className="draft-row">
      <MediaCover postId={draft.id} />
      <div className="draft-main">
        <a className="draft-open" href={hrefFor({ page: 'compose', draftId: draft.id })}>
          {excerpt}
        </a>
        <p className="draft-meta">
          {draft.platforms.length > 0 ? (
            <span className="chips">
              {draft.platforms.map((platform) => (
                <span key={platform} className="chip">
                  {PLATFORM_LABELS[platform]}
                </span>
              ))}
            </span>
          ) : (
            <span>No platforms chosen</span>
          )}
          <span className="draft-edited">{formatEditedAgo(draft.updatedAt, now)}</span>
        </p>
      </div>
      <div className="draft-actions">
        <button type="button" className="button button-secondary button-small" disabled={busy} onClick={onDuplicate}>
          Duplicate<span className="visually-hidden">: {excerpt}</span>
        </button>
        <button type="button" className="button button-danger button-small" disabled={busy} onClick={onDelete}>
          Delete<span className="visually-hidden">: {excerpt}</span>
        </button>
      </div>
    </li>
  );
}
