import type { Platform } from '@shared/domain/platform';
import { PLATFORM_MEDIA_LIMITS, type MediaFormat } from '@shared/platforms/media-limits';
import { loadSharp } from './load-sharp';
import { CoreError } from '../errors';
import { unreadableRefused } from './media-errors';

export interface PreparedImage {
  bytes: Buffer;
  format: Extract<MediaFormat, 'jpeg' | 'png' | 'webp'>;
  width: number;
  height: number;
}

const JPEG_QUALITIES = [90, 82, 74, 66];

/**
 * A stored picture made ready for one network (the adapters call this before uploading):
 * turned upright from its EXIF orientation, shrunk to the network's longest side, converted to
 * JPEG where the network does not take its format (Instagram takes JPEG only), and kept under the
 * network's byte cap by lowering JPEG quality a step at a time. The colour profile is kept, so
 * a Display P3 phone photo does not turn dull; other metadata (location) is not copied.
 */
export async function prepareImage(file: string, format: MediaFormat, platform: Platform): Promise<PreparedImage> {
  const rules = PLATFORM_MEDIA_LIMITS[platform].image;
  if (rules === null) throw new CoreError('invalid_request', `${platform} does not take pictures.`);
  const target: PreparedImage['format'] = rules.acceptedFormats.includes(format) && (format === 'jpeg' || format === 'png' || format === 'webp') ? format : 'jpeg';
  const qualities = target === 'jpeg' ? JPEG_QUALITIES : [100];
  try {
    for (const quality of qualities) {
      const sharp = await loadSharp();
      const pipeline = sharp(file, { failOn: 'error' })
        .rotate()
        .resize(rules.prepareLongestSide, rules.prepareLongestSide, { fit: 'inside', withoutEnlargement: true })
        .keepIccProfile();
      const encoded =
        target === 'jpeg' ? pipeline.jpeg({ quality, mozjpeg: true }) : target === 'png' ? pipeline.png() : pipeline.webp({ quality: 90 });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      if (rules.maxBytes === undefined || data.length <= rules.maxBytes) {
        return { bytes: data, format: target, width: info.width, height: info.height };
      }
    }
  } catch (error) {
    throw unreadableRefused('picture', error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  }
  throw new CoreError('invalid_request', `This picture stays larger than ${platform} takes even when compressed; use a smaller one.`);
}
