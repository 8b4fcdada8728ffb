import { z } from 'zod';
import { MEDIA_FORMATS, MEDIA_KINDS } from '../platforms/media-limits';
import { invoke } from './define';

/**
 * Pictures and video on a post (issue 14). The renderer never sends a path (a browser tab has
 * none to give): a file goes as bytes in bounded chunks — begin, chunks in order, finish — in
 * both hosts, and the core streams them to disk while hashing. Thumbnails come back as small
 * JPEG data: URLs, which the CSP's `img-src 'self' data:` allows.
 */

/** Raw bytes per chunk; base64 makes the message about a third larger, well under the wire's 8 MB. */
export const MEDIA_CHUNK_BYTES = 512 * 1024;
/** Alt text cap: X's 1,000 characters, the tightest of the networks that take it. */
export const ALT_TEXT_MAX = 1_000;
/** A video's poster frame as the renderer sends it (a JPEG or PNG the core checks with sharp). */
export const POSTER_MAX_BYTES = 2 * 1024 * 1024;
/** Uploads one window may have open at once. */
export const MAX_OPEN_UPLOADS = 4;

const postId = z.uuid();
const attachmentId = z.uuid();
const uploadId = z.uuid();
const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const attachmentSchema = z.strictObject({
  id: attachmentId,
  postId,
  hash,
  kind: z.enum(MEDIA_KINDS),
  format: z.enum(MEDIA_FORMATS),
  bytes: z.number().int().positive(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  durationSeconds: z.number().nonnegative().nullable(),
  codec: z.string().nullable(),
  position: z.number().int().nonnegative(),
  altText: z.string().max(ALT_TEXT_MAX),
  /** A JPEG data: URL; for a video a neutral tile when no frame could be taken (`poster`); null for a PDF document (shown as a document icon). */
  thumbnail: z.string().startsWith('data:image/jpeg;base64,').nullable(),
  poster: z.enum(['image', 'placeholder']),
  /** The file is gone from the media folder (e.g. a database restored without it). */
  missing: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

const attachmentList = z.strictObject({ attachments: z.array(attachmentSchema) });

/**
 * What a list row (drafts, calendar, publishing) shows of a post's media: its first
 * attachment's thumbnail (the same cached ≤ 320 px JPEG as Compose's), what kind it is, how long
 * a video runs and how many files there are. Null when the post has none.
 */
export const mediaCoverSchema = z.strictObject({
  thumbnail: z.string().startsWith('data:image/jpeg;base64,').max(200_000).nullable(),
  kind: z.enum(MEDIA_KINDS),
  poster: z.enum(['image', 'placeholder']),
  durationSeconds: z.number().nonnegative().nullable(),
  count: z.number().int().positive(),
  altText: z.string().max(ALT_TEXT_MAX),
  missing: z.boolean(),
});
export type MediaCover = z.infer<typeof mediaCoverSchema>;

export const mediaChannels = {
  'media.list': invoke(z.strictObject({ postId }), attachmentList),
  /** One post's cover for list rows; read lazily, row by row, as rows come into view. */
  'media.cover': invoke(z.strictObject({ postId }), z.strictObject({ cover: mediaCoverSchema.nullable() })),
  /** Opens an upload of `bytes` bytes to a post (saved draft); chunks follow in order. */
  'media.beginUpload': invoke(
    z.strictObject({ postId, bytes: z.number().int().positive(), name: z.string().max(255) }),
    z.strictObject({ uploadId }),
  ),
  /** The next chunk, base64; `offset` must be the bytes sent so far. */
  'media.uploadChunk': invoke(
    z.strictObject({
      uploadId,
      offset: z.number().int().nonnegative(),
      data: z.base64().max(Math.ceil(MEDIA_CHUNK_BYTES / 3) * 4),
    }),
    z.strictObject({ received: z.number().int() }),
  ),
  /** All bytes sent: the file is checked, stored once under its hash and attached. */
  'media.finishUpload': invoke(z.strictObject({ uploadId }), attachmentSchema),
  'media.cancelUpload': invoke(z.strictObject({ uploadId }), z.strictObject({})),
  /** The post's attachments in this order (every one, each once). */
  'media.reorder': invoke(z.strictObject({ postId, order: z.array(attachmentId).max(100) }), attachmentList),
  /**
   * A video's poster: a frame the renderer drew from the video (Chromium decodes it), as JPEG or PNG
   * bytes in base64. The core checks it is such a picture of sane size and keeps it beside the
   * video; the answer's thumbnail is then the frame (`poster: 'image'`).
   */
  'media.setPoster': invoke(
    z.strictObject({ id: attachmentId, data: z.base64().min(4).max(Math.ceil(POSTER_MAX_BYTES / 3) * 4) }),
    attachmentSchema,
  ),
  'media.setAltText': invoke(z.strictObject({ id: attachmentId, altText: z.string().max(ALT_TEXT_MAX) }), attachmentSchema),
  /** Takes an attachment off its post; the file stays (for Undo and for other posts). */
  'media.remove': invoke(
    z.strictObject({ id: attachmentId }),
    z.strictObject({ postId, hash, position: z.number().int(), altText: z.string() }),
  ),
  /** Undo of a remove: puts the same file back at its place. */
  'media.reattach': invoke(
    z.strictObject({ postId, hash, position: z.number().int().nonnegative(), altText: z.string().max(ALT_TEXT_MAX) }),
    attachmentSchema,
  ),
};
