import { z } from 'zod';
import { PLATFORM_MEDIA_LIMITS } from '../platforms/media-limits';

/**
 * Media staging on the licence server (issue 14): Instagram fetches pictures from a public URL,
 * which an offline desktop app does not have, so a seated device puts a JPEG there for a while.
 * `POST` takes the bytes (`Content-Type: image/jpeg`, the device's bearer session); the answer
 * names a public URL that works without any sign-in until `expiresAt`, or until the device
 * releases it (`DELETE …/:name` once the post is published). Refusals are the API's `{code,
 * message}`: `media_too_large`, `media_type_refused`, `staging_full`, `unknown_media`.
 */
export const STAGING_API = {
  /** POST (device session): the JPEG as the body; DELETE `${media}/:name` releases it. */
  media: '/v1/media',
  /** GET/HEAD `${publicMedia}/:name`: the staged bytes, public (disk storage; S3 serves presigned URLs). */
  publicMedia: '/media',
} as const;

/** Meta's cap for an Instagram image (8 MiB): the server refuses larger bodies. */
export const MAX_STAGED_BYTES = PLATFORM_MEDIA_LIMITS.instagram.image?.maxBytes ?? 8 * 1024 * 1024;

/** A staged file's name: 32 random base64url characters (192 bits), then `.jpg`. */
export const STAGED_NAME = /^[A-Za-z0-9_-]{32}\.jpg$/;

export const stageResponseSchema = z.strictObject({
  /** The unguessable name the device releases it by. */
  name: z.string().regex(STAGED_NAME),
  /** Where anyone (Meta's crawler) can fetch it, until `expiresAt`. */
  url: z.url(),
  expiresAt: z.number().int(),
});
export type StageResponse = z.infer<typeof stageResponseSchema>;
