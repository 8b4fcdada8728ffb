import type { Attachment } from '@shared/ipc/media-channels';
import { call } from '../../ipc/client';
import { toBase64 } from './upload-file';

/** The frame is taken 1 s in, or a tenth of the way into a shorter video (past a black first frame). */
export const posterTime = (durationSeconds: number): number => (Number.isFinite(durationSeconds) && durationSeconds > 0 ? Math.min(1, durationSeconds / 10) : 0);
/** Wider than any tile; the core keeps at most 1,280 px anyway. */
const POSTER_SIDE = 1280;
/** A frame that takes longer than this to decode is not worth the wait: the plain tile stays. */
const DECODE_WAIT_MS = 15_000;

/** Resolves at `event` on the video, or null at an error or after DECODE_WAIT_MS. */
function eventOf(video: HTMLVideoElement, event: 'loadeddata' | 'seeked'): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      video.removeEventListener(event, onEvent);
      video.removeEventListener('error', onError);
      resolve(ok);
    };
    const onEvent = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), DECODE_WAIT_MS);
    video.addEventListener(event, onEvent);
    video.addEventListener('error', onError);
  });
}

/**
 * Draws one frame of a video file as a JPEG, in the page: Chromium decodes MP4/H.264 (the core has
 * no decoder and we do not hand-decode). The file is read from the page's own blob: URL, never sent
 * whole. Null when the browser cannot decode it (a codec it lacks, a damaged file).
 */
export async function drawPoster(file: Blob): Promise<Blob | null> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.playsInline = true;
  try {
    const loaded = eventOf(video, 'loadeddata');
    video.src = url;
    if (!(await loaded) || video.videoWidth === 0 || video.videoHeight === 0) return null;
    const at = posterTime(video.duration);
    if (at > 0) {
      const seeked = eventOf(video, 'seeked');
      video.currentTime = at;
      if (!(await seeked)) return null;
    }
    const scale = Math.min(1, POSTER_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(video.videoWidth * scale));
    canvas.height = Math.max(1, Math.round(video.videoHeight * scale));
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  } catch {
    return null;
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/**
 * After a video is added: its poster drawn from `file` and given to the core, which checks it and
 * shows it in every tile. Any failure leaves the video's plain tile; the video itself is attached.
 */
export async function addPoster(attachment: Attachment, file: Blob): Promise<boolean> {
  if (attachment.kind !== 'video' || attachment.poster === 'image') return false;
  const frame = await drawPoster(file);
  if (frame === null) return false;
  try {
    await call('media.setPoster', { id: attachment.id, data: toBase64(new Uint8Array(await frame.arrayBuffer())) });
    return true;
  } catch {
    return false;
  }
}
