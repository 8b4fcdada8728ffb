import { useRef } from 'react';
import type { MediaKind } from '@shared/platforms/media-limits';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatDuration, mediaKindName, videoBadge } from '../format/media';
import { DocumentIcon } from './DocumentIcon';
import { useNearView } from './use-near-view';

/**
 * A post's first picture or video, small, for list rows (drafts, calendar chips, publishing).
 * Read lazily when the row nears the viewport and cached per post by the data layer. A video
 * shows the poster frame Compose drew (`media.setPoster`) with a play mark and its length over it,
 * or, when none could be drawn, a clear video tile (`writeVideoPlaceholder`, its own play mark) with
 * its length alone (`videoBadge`: one play mark either way); a PDF document is a document icon
 * marked PDF.
 * Nothing is drawn for a post without media. Decorative to assistive tech: the row's text names
 * the post, and the count and length are said in words — except inside a control that names
 * itself (a calendar chip's aria-label), where words the label lacks would contradict it.
 */
export function MediaCover({ postId, size = 'small', spoken = true }: { postId: string; size?: 'small' | 'tiny'; spoken?: boolean }) {
  const holder = useRef<HTMLSpanElement>(null);
  const near = useNearView(holder);
  const query = useIpcQuery('media.cover', { postId }, { enabled: near });
  const cover = query.data?.cover;
  if (query.data && !cover) return null;
  const words = cover ? describe(cover.kind, cover.count, cover.durationSeconds) : '';
  return (
    <span ref={holder} className={`media-cover media-cover-${size}`} data-media-cover={cover ? cover.kind : 'loading'}>
      {cover?.missing ? (
        <span className="media-cover-missing" aria-hidden="true">!</span>
      ) : cover?.kind === 'document' ? (
        <DocumentIcon />
      ) : cover?.thumbnail ? (
        <img src={cover.thumbnail} alt="" loading="lazy" decoding="async" />
      ) : null}
      {cover?.kind === 'video' && videoBadge(cover.durationSeconds, cover.poster) !== '' && (
        <span className="media-cover-badge" aria-hidden="true">
          {videoBadge(cover.durationSeconds, cover.poster)}
        </span>
      )}
      {cover && cover.count > 1 && (
        <span className="media-cover-count" aria-hidden="true">
          {cover.count}
        </span>
      )}
      {cover && spoken && <span className="visually-hidden">{cover.missing ? `${words}, missing from the media folder` : words}</span>}
    </span>
  );
}

function describe(kind: MediaKind, count: number, duration: number | null): string {
  const first = kind === 'video' ? `video${duration !== null ? ` ${formatDuration(duration)}` : ''}` : mediaKindName(kind).toLowerCase();
  return count === 1 ? `With a ${first}` : `With ${count} files, first a ${first}`;
}
