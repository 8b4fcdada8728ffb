import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { Attachment } from '@shared/ipc/media-channels';
import type { PreviewLayout, PreviewTile } from '@shared/platforms/preview-layout';
import { mediaKindName, videoBadge } from '../../format/media';
import { DocumentIcon } from '../../media/DocumentIcon';

/** One network's card: its text to the fold, its media in the network's shapes and order, its link card and count. */
export function NetworkPreview({ layout, attachments, account }: { layout: PreviewLayout; attachments: readonly Attachment[]; account: string | null }) {
  const byId = new Map(attachments.map((a) => [a.id, a]));
  const network = PLATFORM_LABELS[layout.platform];
  const who = account ?? `Your ${network} account`;
  const mediaFirst = layout.platform === 'instagram' || layout.platform === 'youtube';
  const media = layout.tiles.length > 0 && (
    <div className={`preview-media preview-${layout.arrangement} preview-count-${layout.tiles.length}`}>
      {layout.tiles.map((tile, index) => (
        <Tile key={tile.id} tile={tile} attachment={byId.get(tile.id)} index={index} count={layout.tiles.length} carousel={layout.arrangement === 'carousel'} />
      ))}
    </div>
  );
  return (
    <article className={`preview-card preview-card-${layout.platform}`} aria-label={`How ${network} shows it`}>
      <p className="preview-account">
        <span className="preview-avatar" aria-hidden="true" />
        {who}
      </p>
      {mediaFirst && media}
      {layout.title !== null && <p className="preview-title">{layout.title.trim() || 'Untitled video (add a title)'}</p>}
      <p className="preview-text">
        {layout.firstLine !== null && (
          // Instagram's caption starts with the account name in bold, its first line beside it on the same line.
          <>
            <strong>{who}</strong>{' '}
          </>
        )}
        {layout.shown}
        {layout.more && <span className="preview-more">… {layout.more}</span>}
      </p>
      {!mediaFirst && media}
      {layout.leftOut > 0 && (
        <p className="hint">
          {layout.leftOut === 1 ? '1 file is' : `${layout.leftOut} files are`} not shown: {network} takes fewer on one post.
        </p>
      )}
      {layout.linkCard && (
        <p className="preview-link-card">
          <span className="preview-link-host">{layout.linkCard.host}</span>
          <span className="hint">{network} shows the page’s own picture and title here.</span>
        </p>
      )}
      {layout.weighted && (
        <p className={layout.weighted.over ? 'preview-weighted over' : 'preview-weighted'}>
          {layout.weighted.used} of {layout.weighted.max} as X counts
          {layout.weighted.over && ': too long for one post'}
        </p>
      )}
    </article>
  );
}

function Tile({ tile, attachment, index, count, carousel }: { tile: PreviewTile; attachment: Attachment | undefined; index: number; count: number; carousel: boolean }) {
  const label = `${mediaKindName(tile.kind)} ${index + 1} of ${count}${tile.cropped ? ', cropped to fit' : ''}`;
  const badge = videoBadge(attachment?.durationSeconds ?? null, attachment?.poster ?? 'image');
  return (
    <figure className="preview-tile" style={tile.aspect !== null ? { aspectRatio: String(tile.aspect) } : undefined} data-cropped={tile.cropped}>
      {tile.kind === 'document' ? (
        <DocumentIcon className="preview-document" />
      ) : (
        attachment?.thumbnail && <img src={attachment.thumbnail} alt={attachment.altText || label} />
      )}
      {tile.kind === 'video' && badge !== '' && (
        <span className="preview-video-badge" aria-hidden="true">
          {badge}
        </span>
      )}
      {carousel && (
        <figcaption className="preview-position">
          {index + 1}/{count}
          {tile.cropped && ' · cropped'}
        </figcaption>
      )}
      {!carousel && tile.cropped && <figcaption className="preview-position">cropped</figcaption>}
    </figure>
  );
}
