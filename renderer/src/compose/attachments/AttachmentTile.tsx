import { useState } from 'react';
import { ALT_TEXT_MAX, type Attachment } from '@shared/ipc/media-channels';
import type { MediaProblem } from '@shared/platforms/validate-media';
import { AltTextSuggestion } from '../../assistant/AltTextSuggestion';
import { formatBytes, formatDuration, mediaKindName } from '../../format/media';
import { DocumentIcon } from '../../media/DocumentIcon';

/** One attachment: thumbnail (a document icon for a PDF), what it is, alt text (pictures), its reasons, move and remove. */
export function AttachmentTile({
  attachment,
  index,
  count,
  problems,
  onMove,
  onAltText,
  onRemove,
}: {
  attachment: Attachment;
  index: number;
  count: number;
  problems: readonly MediaProblem[];
  onMove: (to: number) => void;
  onAltText: (text: string) => void;
  onRemove: () => void;
}) {
  const [alt, setAlt] = useState(attachment.altText);
  const label = `${mediaKindName(attachment.kind)} ${index + 1}`;
  const size =
    attachment.kind === 'document' ? formatBytes(attachment.bytes) : attachment.width && attachment.height ? `${attachment.width}×${attachment.height}` : 'size unknown';
  return (
    <li
      className={problems.length > 0 ? 'attachment attachment-problem' : 'attachment'}
      aria-label={label}
      onKeyDown={(event) => {
        // Alt+← / Alt+→ move the focused attachment, as the buttons do.
        if (!event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
        event.preventDefault(); // Alt+← is also the browser's Back
        if (event.key === 'ArrowLeft' && index > 0) onMove(index - 1);
        if (event.key === 'ArrowRight' && index < count - 1) onMove(index + 1);
      }}
    >
      <div className="attachment-thumb">
        {attachment.kind === 'document' ? <DocumentIcon /> : attachment.thumbnail ? <img src={attachment.thumbnail} alt="" /> : <span>No preview</span>}
        {attachment.kind === 'video' && (
          <span className="attachment-badge">
            Video{attachment.durationSeconds !== null ? ` ${formatDuration(attachment.durationSeconds)}` : ''}
          </span>
        )}
      </div>
      <p className="attachment-facts">
        {attachment.format.toUpperCase()} · {size}
        {attachment.poster === 'placeholder' && attachment.kind === 'video' && ' · no preview frame'}
      </p>
      {attachment.missing && <p className="attachment-missing">This file is missing from the media folder. Remove it and add it again.</p>}
      {attachment.kind === 'image' && (
        <label className="attachment-alt">
          <span>Alt text (describe the picture for people who cannot see it)</span>
          <textarea
            rows={2}
            maxLength={ALT_TEXT_MAX}
            value={alt}
            onChange={(event) => setAlt(event.target.value)}
            onBlur={() => alt !== attachment.altText && onAltText(alt)}
          />
        </label>
      )}
      {attachment.kind === 'image' && !attachment.missing && (
        <AltTextSuggestion
          attachmentId={attachment.id}
          label={label}
          onUse={(text) => {
            setAlt(text);
            onAltText(text);
          }}
        />
      )}
      {problems.length > 0 && (
        <ul className="attachment-reasons" aria-label={`Problems with ${label.toLowerCase()}`}>
          {problems.map((problem) => (
            <li key={`${problem.platform}:${problem.reason}`}>{problem.reason}</li>
          ))}
        </ul>
      )}
      <div className="attachment-actions">
        <button type="button" className="button button-secondary" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move ${label.toLowerCase()} earlier`}>
          ←
        </button>
        <button type="button" className="button button-secondary" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`Move ${label.toLowerCase()} later`}>
          →
        </button>
        <button type="button" className="button button-secondary" onClick={onRemove}>
          Remove
        </button>
      </div>
    </li>
  );
}
