import { randomUUID } from 'node:crypto';
import { MAX_OPEN_UPLOADS, MEDIA_CHUNK_BYTES, type Attachment, type mediaChannels } from '@shared/ipc/media-channels';
import { CoreError } from '../errors';
import type { HandlersFor } from '../handler-types';
import type { MediaLibrary } from './media-library';
import { ChunkQueue } from './upload-session';

interface Upload {
  declared: number;
  received: number;
  queue: ChunkQueue;
  result: Promise<Attachment>;
}

const uploadGone = () => new CoreError('not_found', 'That upload is no longer open. Add the file again.');

/** The media channels; uploads in progress live here and end with the domain (a restore, a quit). */
export function createMediaHandlers(library: MediaLibrary): {
  handlers: HandlersFor<keyof typeof mediaChannels>;
  close(): Promise<void>;
} {
  const uploads = new Map<string, Upload>();
  const end = (id: string) => uploads.delete(id);

  return {
    handlers: {
      'media.setPoster': async ({ id, data }) => library.setPoster(id, Buffer.from(data, 'base64')),
      'media.list': async ({ postId }) => ({ attachments: await library.list(postId) }),
      'media.cover': async ({ postId }) => ({ cover: await library.cover(postId) }),
      'media.beginUpload': async ({ postId, bytes }) => {
        if (uploads.size >= MAX_OPEN_UPLOADS) throw new CoreError('conflict', 'Several files are still being added; wait for them to finish.');
        const queue = new ChunkQueue();
        const uploadId = randomUUID();
        const result = library.add(postId, { chunks: queue });
        // Rejections are read at finish; until then a refusal only stops the chunks.
        result.catch((error: unknown) => queue.fail(error instanceof Error ? error : new Error(String(error))));
        uploads.set(uploadId, { declared: bytes, received: 0, queue, result });
        return { uploadId };
      },
      'media.uploadChunk': async ({ uploadId, offset, data }) => {
        const upload = uploads.get(uploadId);
        if (!upload) throw uploadGone();
        const chunk = Buffer.from(data, 'base64');
        if (offset !== upload.received) throw new CoreError('invalid_request', `Expected the bytes from ${upload.received}, got ${offset}.`);
        if (chunk.length === 0 || chunk.length > MEDIA_CHUNK_BYTES || upload.received + chunk.length > upload.declared) {
          throw new CoreError('invalid_request', 'That chunk does not fit the upload.');
        }
        try {
          await upload.queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
        } catch (error) {
          end(uploadId);
          await upload.result.catch(() => {});
          throw await upload.result.then(() => error, (reason: unknown) => reason);
        }
        upload.received += chunk.length;
        return { received: upload.received };
      },
      'media.finishUpload': async ({ uploadId }) => {
        const upload = uploads.get(uploadId);
        if (!upload) throw uploadGone();
        end(uploadId);
        if (upload.received !== upload.declared) {
          upload.queue.fail(new CoreError('invalid_request', 'The upload ended early.'));
          await upload.result.catch(() => {});
          throw new CoreError('invalid_request', `Only ${upload.received} of ${upload.declared} bytes arrived; nothing was added.`);
        }
        upload.queue.end();
        return upload.result;
      },
      'media.cancelUpload': async ({ uploadId }) => {
        const upload = uploads.get(uploadId);
        if (upload) {
          end(uploadId);
          upload.queue.fail(new CoreError('conflict', 'The upload was cancelled.'));
          await upload.result.catch(() => {});
        }
        return {};
      },
      'media.reorder': async ({ postId, order }) => ({ attachments: await library.reorder(postId, order) }),
      'media.setAltText': ({ id, altText }) => library.setAltText(id, altText),
      'media.remove': ({ id }) => library.remove(id),
      'media.reattach': ({ postId, hash, position, altText }) => library.attach(postId, hash, position, altText),
    },
    close: async () => {
      const open = [...uploads.values()];
      uploads.clear();
      for (const upload of open) upload.queue.fail(new CoreError('unavailable', 'The app is closing.'));
      await Promise.all(open.map((upload) => upload.result.catch(() => {})));
    },
  };
}
