import type { Platform } from '../domain/platform';

/**
 * What each network accepts as pictures, video and documents on one post, as data (sources in
 * docs/platform-apis.md, "Media limits"). The validator below reads only this table, so a limit
 * that changes is one number here.
 */

export type MediaKind = 'image' | 'video' | 'document';
/** Formats the media library stores (sniffed from the bytes, never the name). */
export type MediaFormat = 'jpeg' | 'png' | 'webp' | 'mp4' | 'mov' | 'pdf';
/** Every kind and format, in the order the IPC schemas and the database's CHECKs list them. */
export const MEDIA_KINDS = ['image', 'video', 'document'] as const satisfies readonly MediaKind[];
export const MEDIA_FORMATS = ['jpeg', 'png', 'webp', 'mp4', 'mov', 'pdf'] as const satisfies readonly MediaFormat[];

export const MB = 1024 * 1024;

/** A closed range; `undefined` ends are open. */
export interface Range {
  min?: number;
  max?: number;
}

export interface ImageRules {
  maxBytes?: number;
  /** Width ÷ height. */
  aspect?: Range;
  maxPixels?: number;
  maxSide?: number;
  /** Formats the network takes as they are; others are converted to JPEG when prepared. */
  acceptedFormats: readonly MediaFormat[];
  /** Preparation shrinks the longest side to this (the size the network displays at most). */
  prepareLongestSide: number;
}

export interface VideoRules {
  maxBytes?: number;
  durationSeconds: Range;
  aspect?: Range;
}

/** A PDF document (LinkedIn shows it as a swipeable "carousel"). */
export interface DocumentRules {
  maxBytes: number;
  /** The network's page cap; the app does not count pages (see validate-media.ts), the network checks. */
  maxPages: number;
}

export interface PlatformMediaLimits {
  /** Media the post must carry, e.g. Instagram 1–10, YouTube exactly 1. */
  items: { min: number; max: number };
  maxImages: number;
  maxVideos: number;
  /** Whether images and a video may share a post. */
  mixesImagesAndVideo: boolean;
  image: ImageRules | null;
  /** Rules for a video that is the post's only item. */
  video: VideoRules | null;
  /** Rules for a video among several items (Instagram carousels), when they differ. */
  videoInGroup?: VideoRules;
  /** Plain words for what a single video becomes, e.g. "a Reel". */
  singleVideoIs?: string;
  /** One PDF document as the post's only attachment; null = the network takes no documents. */
  document: DocumentRules | null;
}

export const PLATFORM_MEDIA_LIMITS: Record<Platform, PlatformMediaLimits> = {
  // Graph API: several photos go as unpublished photos then one feed post with attached_media;
  // a video is its own post (resumable upload, up to 10 GB and 4 hours). Meta's Page Photos
  // reference caps an uploaded photo at 4 MB (JPEG, BMP, PNG, GIF, TIFF; WebP is converted).
  facebook: {
    items: { min: 0, max: 10 },
    maxImages: 10,
    maxVideos: 1,
    mixesImagesAndVideo: false,
    image: { maxBytes: 4 * MB, acceptedFormats: ['jpeg', 'png'], prepareLongestSide: 2048 },
    video: { maxBytes: 10 * 1024 * MB, durationSeconds: { min: 1, max: 4 * 60 * 60 } },
    document: null,
  },
  // Content Publishing API: images JPEG only, ≤ 8 MB, aspect 4:5 to 1.91:1; carousel 2–10 items;
  // a single video is a Reel (3–90 s); carousel videos 3–60 s.
  instagram: {
    items: { min: 1, max: 10 },
    maxImages: 10,
    maxVideos: 10,
    mixesImagesAndVideo: true,
    image: { maxBytes: 8 * MB, aspect: { min: 4 / 5, max: 1.91 }, acceptedFormats: ['jpeg'], prepareLongestSide: 1440 },
    video: { durationSeconds: { min: 3, max: 90 } },
    videoInGroup: { durationSeconds: { min: 3, max: 60 } },
    singleVideoIs: 'a Reel',
    document: null,
  },
  // Images API: JPG, GIF, PNG under 36,152,320 pixels; multiImage 2–20 images; Videos API:
  // one video, 3 s to 30 min, up to 500 MB; Documents API: one PDF on its own, ≤ 100 MB and
  // ≤ 300 pages.
  linkedin: {
    items: { min: 0, max: 20 },
    maxImages: 20,
    maxVideos: 1,
    mixesImagesAndVideo: false,
    image: { maxPixels: 36_152_320, acceptedFormats: ['jpeg', 'png'], prepareLongestSide: 4096 },
    video: { maxBytes: 500 * MB, durationSeconds: { min: 3, max: 30 * 60 } },
    document: { maxBytes: 100 * MB, maxPages: 300 },
  },
  // Media upload v2: up to 4 images or 1 video (never both); image ≤ 5 MB (JPEG, PNG, WebP),
  // video ≤ 512 MB, 0.5–140 s, aspect 1:3 to 3:1.
  x: {
    items: { min: 0, max: 4 },
    maxImages: 4,
    maxVideos: 1,
    mixesImagesAndVideo: false,
    image: { maxBytes: 5 * MB, maxSide: 8192, acceptedFormats: ['jpeg', 'png', 'webp'], prepareLongestSide: 4096 },
    video: { maxBytes: 512 * MB, durationSeconds: { min: 0.5, max: 140 }, aspect: { min: 1 / 3, max: 3 } },
    document: null,
  },
  // Data API videos.insert: exactly one video (256 GB, 12 h), no pictures.
  youtube: {
    items: { min: 1, max: 1 },
    maxImages: 0,
    maxVideos: 1,
    mixesImagesAndVideo: false,
    image: null,
    video: { maxBytes: 256 * 1024 * MB, durationSeconds: { min: 0, max: 12 * 60 * 60 } },
    document: null,
  },
};
