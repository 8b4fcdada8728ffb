import { PLATFORM_LABELS, type Platform } from '../domain/platform';
import { PLATFORM_TEXT_LIMITS } from './limits';
import { MB, PLATFORM_MEDIA_LIMITS, type MediaFormat, type MediaKind, type Range, type VideoRules } from './media-limits';

/** What the validator needs to know about one attachment (from the media library). */
export interface MediaFacts {
  id: string;
  kind: MediaKind;
  format: MediaFormat;
  bytes: number;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

/** One reason a post's media cannot go to a network; `attachmentId` null = the post as a whole. */
export interface MediaProblem {
  platform: Platform;
  attachmentId: string | null;
  reason: string;
}

const megabytes = (bytes: number): string => `${Math.round((bytes / MB) * 10) / 10} MB`;
const seconds = (value: number): string => {
  if (value >= 3600 && value % 3600 === 0) return `${value / 3600} hours`;
  if (value >= 60 && value % 60 === 0) return `${value / 60} minutes`;
  return `${value} seconds`;
};
const ratio = (value: number): string => {
  const known: [number, string][] = [[4 / 5, '4:5'], [1.91, '1.91:1'], [1 / 3, '1:3'], [3, '3:1']];
  return known.find(([n]) => Math.abs(n - value) < 1e-9)?.[1] ?? `${Math.round(value * 100) / 100}:1`;
};
const outside = (value: number, range: Range): boolean =>
  (range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max);

/**
 * Checks one post's attachments against one network's limits. Pure: the same facts give the
 * same reasons, in plain words naming the limit and what the file is.
 */
export function validatePostMedia(
  platform: Platform,
  attachments: readonly MediaFacts[],
  fields: { title?: string } = {},
): MediaProblem[] {
  const limits = PLATFORM_MEDIA_LIMITS[platform];
  const name = PLATFORM_LABELS[platform];
  const problems: MediaProblem[] = [];
  const post = (reason: string): void => void problems.push({ platform, attachmentId: null, reason });
  const item = (id: string, reason: string): void => void problems.push({ platform, attachmentId: id, reason });

  const images = attachments.filter((a) => a.kind === 'image');
  const videos = attachments.filter((a) => a.kind === 'video');
  const documents = attachments.filter((a) => a.kind === 'document');
  const count = attachments.length;

  if (limits.maxImages === 0 && videos.length === 0) post(`${name} needs a video.`);
  else if (count < limits.items.min) post(`${name} needs at least ${limits.items.min} picture or video.`);
  if (count > limits.items.max) post(`${name} takes at most ${limits.items.max} attachments; this post has ${count}.`);
  if (images.length > 0 && limits.maxImages === 0) post(`${name} takes a video only, not pictures.`);
  else if (images.length > limits.maxImages && limits.maxImages < limits.items.max) {
    post(`${name} takes at most ${limits.maxImages} pictures; this post has ${images.length}.`);
  }
  if (videos.length > limits.maxVideos) {
    post(`${name} takes ${limits.maxVideos === 1 ? 'one video' : `at most ${limits.maxVideos} videos`} per post; this post has ${videos.length}.`);
  }
  if (!limits.mixesImagesAndVideo && images.length > 0 && videos.length > 0 && limits.maxImages > 0) {
    post(`${name} takes pictures or one video, not both in the same post.`);
  }

  if (documents.length > 0) {
    if (limits.document === null) {
      post(`${name} takes no documents (PDF); remove the PDF to post there.`);
    } else {
      const rules = limits.document;
      if (documents.length > 1) post(`${name} takes one document per post; this post has ${documents.length}.`);
      if (count > documents.length) post(`${name} takes a document on its own, with no pictures or video beside it.`);
      // Pages are not counted here (a PDF's page objects are not reliably countable without a
      // PDF library); the network refuses more than `rules.maxPages` when it processes the file.
      for (const document of documents) {
        if (document.bytes > rules.maxBytes) {
          item(document.id, `${name} takes documents up to ${megabytes(rules.maxBytes)}; this one is ${megabytes(document.bytes)}.`);
        }
      }
    }
  }

  if (limits.image) {
    const rules = limits.image;
    for (const image of images) {
      if (rules.maxBytes !== undefined && image.bytes > rules.maxBytes) {
        item(image.id, `${name} takes pictures up to ${megabytes(rules.maxBytes)}; this one is ${megabytes(image.bytes)}.`);
      }
      if (image.width !== null && image.height !== null && image.height > 0) {
        const aspect = image.width / image.height;
        if (rules.aspect && outside(aspect, rules.aspect)) {
          item(
            image.id,
            `${name} takes pictures from ${ratio(rules.aspect.min ?? 0)} (tall) to ${ratio(rules.aspect.max ?? 0)} (wide); ` +
              `this one is ${image.width}×${image.height}. Crop it to fit.`,
          );
        }
        if (rules.maxPixels !== undefined && image.width * image.height >= rules.maxPixels) {
          item(image.id, `${name} takes pictures under ${rules.maxPixels.toLocaleString('en-AU')} pixels; this one is ${image.width}×${image.height}.`);
        }
        if (rules.maxSide !== undefined && Math.max(image.width, image.height) > rules.maxSide) {
          item(image.id, `${name} takes pictures up to ${rules.maxSide} pixels a side; this one is ${image.width}×${image.height}.`);
        }
      }
    }
  }

  if (limits.video) {
    const rules: VideoRules = count > 1 && limits.videoInGroup ? limits.videoInGroup : limits.video;
    const what = count === 1 && limits.singleVideoIs ? `${limits.singleVideoIs}` : 'a video';
    for (const video of videos) {
      if (rules.maxBytes !== undefined && video.bytes > rules.maxBytes) {
        item(video.id, `${name} takes videos up to ${megabytes(rules.maxBytes)}; this one is ${megabytes(video.bytes)}.`);
      }
      if (video.durationSeconds === null) {
        item(video.id, `The length of this video could not be read, so it cannot be checked for ${name}.`);
      } else if (outside(video.durationSeconds, rules.durationSeconds)) {
        const { min = 0, max } = rules.durationSeconds;
        item(
          video.id,
          `On ${name} ${what} must be ${min > 0 ? `${seconds(min)} to ` : 'up to '}${seconds(max ?? 0)} long; ` +
            `this one is ${seconds(Math.round(video.durationSeconds * 10) / 10)}.`,
        );
      }
      if (rules.aspect && video.width !== null && video.height !== null && video.height > 0) {
        const aspect = video.width / video.height;
        if (outside(aspect, rules.aspect)) {
          item(video.id, `${name} takes videos from ${ratio(rules.aspect.min ?? 0)} to ${ratio(rules.aspect.max ?? 0)}; this one is ${video.width}×${video.height}.`);
        }
      }
    }
  }

  if (fields.title !== undefined) {
    const titleLimit = PLATFORM_TEXT_LIMITS[platform].find((limit) => limit.field === 'title');
    if (titleLimit) {
      const used = titleLimit.measure(fields.title.trim());
      if (used === 0) post(`${name} needs a title.`);
      else if (used > titleLimit.max) post(`${name} titles are at most ${titleLimit.max} characters; this one has ${used}.`);
    }
  }
  return problems;
}
