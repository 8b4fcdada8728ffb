import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftInput } from '@shared/ipc/drafts-channels';
import type { Attachment } from '@shared/ipc/media-channels';
import { rememberDraftInUrl } from '../../app/route';
import { ipcQueryKey, useIpcQuery } from '../../data/use-ipc-query';
import { call, errorMessage } from '../../ipc/client';
import { ToastRegion, type ToastContent } from '../../ui/Toast';
import type { DraftSaver } from '../draft-saver';
import { AttachmentTile } from './AttachmentTile';
import { forAttachment, forPost, mediaProblems } from './media-problems';
import { addPoster } from './draw-poster';
import { uploadFile } from './upload-file';
import { useDraftFacts } from './use-draft-facts';
import { mediaKindName } from '../../format/media';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,video/mp4,video/quicktime,application/pdf';

/**
 * Pictures and video on the draft: add by picking, dropping anywhere on Compose or pasting;
 * thumbnails in order, move (buttons or Alt+←/→), alt text, remove with Undo, and each chosen
 * network's reasons on the attachment or the post. Files go to the core as bytes in chunks.
 */
export function Attachments({ saver, initial }: { saver: DraftSaver; initial: DraftInput }) {
  const postId = initial.id;
  const client = useQueryClient();
  const key = ipcQueryKey('media.list', { postId });
  const list = useIpcQuery('media.list', { postId });
  const { platforms } = useDraftFacts(saver, initial);
  const [adding, setAdding] = useState<string[]>([]);
  const [failures, setFailures] = useState<string[]>([]);
  const [toast, setToast] = useState<ToastContent | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const attachments = list.data?.attachments ?? [];

  // What follows this post's attachments: its cover in the lists (drafts, calendar, publishing)
  // and what stands in the way of scheduling it (each network's media rules).
  const refreshDependents = useCallback(
    () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ipcQueryKey('media.cover', { postId }) }),
        client.invalidateQueries({ queryKey: ipcQueryKey('scheduling.check', { postId }) }),
      ]),
    [client, postId],
  );
  const setAttachments = useCallback(
    (next: Attachment[]) => {
      client.setQueryData(key, { attachments: next });
      void refreshDependents();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is rebuilt from postId each render
    [client, postId, refreshDependents],
  );
  const reload = useCallback(
    () => Promise.all([client.invalidateQueries({ queryKey: key }), refreshDependents()]),
    [client, postId, refreshDependents], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const add = useCallback(
    async (files: readonly File[]) => {
      if (files.length === 0) return;
      setFailures([]);
      // The post must exist before a file can name it: save the draft as it stands first.
      if (saver.unsaved() === null && saver.getStatus().kind === 'idle') saver.update(initial);
      rememberDraftInUrl(postId);
      saver.flush();
      await saver.settled();
      for (const file of files) {
        setAdding((names) => [...names, file.name]);
        try {
          // A video's poster is drawn here, from the file the owner gave (the plain tile if it cannot be).
          await addPoster(await uploadFile(postId, file), file);
        } catch (error) {
          setFailures((all) => [...all, `${file.name}: ${errorMessage(error)}`]);
        } finally {
          setAdding((names) => names.filter((name) => name !== file.name));
          await reload();
        }
      }
    },
    [saver, initial, postId, reload],
  );

  // Dropping files anywhere on Compose, or pasting them, adds them (text paste is left alone).
  useEffect(() => {
    const onDragOver = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void add(files);
    };
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void add(files);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, [add]);

  const move = async (from: number, to: number) => {
    const order = attachments.map((a) => a.id);
    const [moved] = order.splice(from, 1);
    if (moved === undefined) return;
    order.splice(to, 0, moved);
    try {
      setAttachments((await call('media.reorder', { postId, order })).attachments);
    } catch (error) {
      setFailures([errorMessage(error)]);
      await reload();
    }
  };

  const remove = async (attachment: Attachment) => {
    try {
      const removed = await call('media.remove', { id: attachment.id });
      await reload();
      setToast({
        id: Date.now(),
        message: `${mediaKindName(attachment.kind)} removed.`,
        takeFocus: true,
        action: {
          label: 'Undo',
          run: () => {
            setToast(null);
            void call('media.reattach', removed).then(reload, (error: unknown) => setFailures([errorMessage(error)]));
          },
        },
      });
    } catch (error) {
      setFailures([errorMessage(error)]);
    }
  };

  // The files' reasons only: a missing or long YouTube title is said on YouTube's card, at its field.
  const problems = mediaProblems(attachments, platforms);
  // A reason about the post's files as a whole is said here only (not again on the platform's card).
  const postProblems = forPost(problems);

  return (
    <section className="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title" className="attachments-title">Pictures and video</h2>
      <p className="hint">Add JPEG, PNG or WebP pictures, MP4 or MOV videos, or a PDF for LinkedIn: choose files, drop them here or paste them.</p>
      {attachments.length > 0 && (
        <ol className="attachment-list">
          {attachments.map((attachment, index) => (
            <AttachmentTile
              key={attachment.id}
              attachment={attachment}
              index={index}
              count={attachments.length}
              problems={forAttachment(problems, attachment.id)}
              onMove={(to) => void move(index, to)}
              onAltText={(text) =>
                void call('media.setAltText', { id: attachment.id, altText: text }).then(reload, (error: unknown) => setFailures([errorMessage(error)]))
              }
              onRemove={() => void remove(attachment)}
            />
          ))}
        </ol>
      )}
      {adding.length > 0 && <p role="status">Adding {adding.join(', ')}…</p>}
      {failures.length > 0 && (
        <ul className="attachment-failures" role="alert">
          {failures.map((failure) => (
            <li key={failure}>{failure}</li>
          ))}
        </ul>
      )}
      {postProblems.length > 0 && (
        <ul className="attachment-reasons" aria-label="Before these networks can take this post">
          {postProblems.map(({ platform, reason }) => (
            <li key={`${platform}:${reason}`}>{reason}</li>
          ))}
        </ul>
      )}
      {list.isError && <p role="alert">{errorMessage(list.error)}</p>}
      <input
        ref={picker}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          void add(files);
        }}
      />
      <button type="button" className="button button-secondary" onClick={() => picker.current?.click()}>
        Add pictures or video…
      </button>
      <ToastRegion toast={toast} onClose={() => setToast(null)} />
    </section>
  );
}
