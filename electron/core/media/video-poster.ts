import { rename, rm } from 'node:fs/promises';
import { loadSharp } from './load-sharp';
import { MediaRefusedError } from './media-errors';
import { THUMBNAIL_SIDE } from './read-image-facts';

/** A poster is a frame the renderer drew: a picture of a video's size, not a huge or tiny one. */
export const POSTER_MIN_SIDE = 16;
export const POSTER_MAX_SIDE = 4096;
/** The poster kept beside the video fits this square (the tiles never show more). */
const POSTER_KEPT_SIDE = 1280;

const posterRefused = (why: string): MediaRefusedError => new MediaRefusedError('unreadable', `That video frame could not be used (${why}). The video keeps its plain tile.`);

/**
 * Checks a video frame sent by the renderer with sharp — a JPEG or PNG that decodes whole, each side
 * within 16–4,096 pixels — and writes it as the video's poster (JPEG, ≤ 1,280 px) and its
 * thumbnail (≤ 320 px, as pictures get). Each file is written beside its place and renamed over it,
 * so a refused or half-written frame leaves the tile as it was.
 */
export async function writeVideoPoster(frame: Buffer, files: { poster: string; thumbnail: string }): Promise<void> {
  const sharp = await loadSharp();
  let format: string | undefined;
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ format, width, height } = await sharp(frame, { limitInputPixels: POSTER_MAX_SIDE * POSTER_MAX_SIDE }).metadata());
  } catch (error) {
    throw posterRefused(error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable');
  }
  if (format !== 'jpeg' && format !== 'png') throw posterRefused(`it is ${format ?? 'not a picture'}, not JPEG or PNG`);
  if (!width || !height || Math.min(width, height) < POSTER_MIN_SIDE || Math.max(width, height) > POSTER_MAX_SIDE) {
    throw posterRefused(`it is ${width ?? 0}×${height ?? 0} pixels; a frame is ${POSTER_MIN_SIDE} to ${POSTER_MAX_SIDE} pixels a side`);
  }
  const written: string[] = [];
  try {
    for (const [target, side] of [[files.poster, POSTER_KEPT_SIDE], [files.thumbnail, THUMBNAIL_SIDE]] as const) {
      const partial = `${target}.partial`;
      written.push(partial);
      await sharp(frame, { failOn: 'error' }).resize(side, side, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toFile(partial);
    }
  } catch (error) {
    await Promise.all(written.map((file) => rm(file, { force: true })));
    throw posterRefused(error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable');
  }
  await rename(`${files.poster}.partial`, files.poster);
  await rename(`${files.thumbnail}.partial`, files.thumbnail);
}
