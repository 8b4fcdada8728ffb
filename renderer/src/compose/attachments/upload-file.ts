import { MEDIA_CHUNK_BYTES, type Attachment } from '@shared/ipc/media-channels';
import { call } from '../../ipc/client';

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends a picked, dropped or pasted file to the core in bounded chunks (no path ever crosses:
 * a browser tab has none), reading one chunk of the file at a time. A failure cancels the
 * upload, so the core keeps nothing.
 */
export async function uploadFile(postId: string, file: File): Promise<Attachment> {
  const { uploadId } = await call('media.beginUpload', { postId, bytes: file.size, name: file.name.slice(0, 255) });
  try {
    for (let offset = 0; offset < file.size; offset += MEDIA_CHUNK_BYTES) {
      const chunk = new Uint8Array(await file.slice(offset, offset + MEDIA_CHUNK_BYTES).arrayBuffer());
      await call('media.uploadChunk', { uploadId, offset, data: toBase64(chunk) });
    }
    return await call('media.finishUpload', { uploadId });
  } catch (error) {
    await call('media.cancelUpload', { uploadId }).catch(() => {});
    throw error;
  }
}
