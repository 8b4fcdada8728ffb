import type { Metadata } from 'sharp';
import { loadSharp } from './load-sharp';
import { heicRefused, unreadableRefused } from './media-errors';

export interface ImageFacts {
  /** As the picture is shown (EXIF orientation applied). */
  width: number;
  height: number;
}

/** Thumbnails fit in this square; small enough to send as data: URLs. */
export const THUMBNAIL_SIDE = 320;

/**
 * Reads a picture's size with sharp and writes its thumbnail (turned upright, JPEG). The
 * thumbnail is a full decode, so a file whose header reads but whose pixels do not (damaged,
 * or HEVC inside a HEIF that this sharp build cannot decode) is refused here, before it is kept.
 */
export async function readImageFacts(file: string, thumbnailPath: string): Promise<ImageFacts> {
  const sharp = await loadSharp();
  let metadata: Metadata;
  try {
    metadata = await sharp(file).metadata();
    await sharp(file, { failOn: 'error' })
      .rotate()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toFile(thumbnailPath);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] ?? 'unknown' : String(error);
    if (/heif|heic/i.test(why)) throw heicRefused();
    throw unreadableRefused('picture', why);
  }
  if (!metadata.width || !metadata.height) throw unreadableRefused('picture', 'it has no size');
  const turned = (metadata.orientation ?? 1) >= 5;
  return turned ? { width: metadata.height, height: metadata.width } : { width: metadata.width, height: metadata.height };
}

/** The neutral tile shown for a video: mp4box reads a video's facts but cannot draw a frame. */
export async function writeVideoPlaceholder(thumbnailPath: string, width: number | null, height: number | null): Promise<void> {
  const sharp = await loadSharp();
  const w = THUMBNAIL_SIDE;
  const h = width && height ? Math.max(80, Math.min(THUMBNAIL_SIDE * 2, Math.round((w * height) / width))) : Math.round((w * 9) / 16);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#4b5563"/>` +
    `<polygon points="${w / 2 - 24},${h / 2 - 30} ${w / 2 - 24},${h / 2 + 30} ${w / 2 + 30},${h / 2}" fill="#f9fafb"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toFile(thumbnailPath);
}
