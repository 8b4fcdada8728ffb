import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { PLATFORM_MEDIA_LIMITS, type MediaFormat } from '@shared/platforms/media-limits';
import { preparedQuery, type ParamOf } from '@shared/db/prepared-query';
import type { SyncDatabase } from '../db/sync-transaction';
import { MediaFiles } from '../media/media-files';
import { prepareImage } from '../media/prepare-image';
import type { MediaItem } from '../platforms/platform-adapter';
import type { Database } from '../db/schema';

const MIME: Record<MediaFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', mp4: 'video/mp4', mov: 'video/quicktime', pdf: 'application/pdf' };
const EXTENSION: Record<'jpeg' | 'png' | 'webp', string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/**
 * Read through kysely, not in a synchronous transaction: this runs before every send, and a read
 * needs no write lock (BEGIN IMMEDIATE + COMMIT per send was two thirds of the engine's
 * transactions in the publish bench). Kysely's connection keeps it out of other domains' open
 * transactions all the same.
 */
const attachmentsOf = preparedQuery((db: Database, param: ParamOf<{ postId: string }>) =>
  db
    .selectFrom('post_media as pm')
    .innerJoin('media as m', 'm.hash', 'pm.media_hash')
    .select(['pm.media_hash', 'pm.alt_text', 'm.kind', 'm.format', 'm.bytes'])
    .where('pm.post_id', '=', param('postId'))
    .orderBy('pm.position'),
);

/** A post's media cannot be made ready for a network; the message says which file and why. Nothing was sent. */
export class TargetMediaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetMediaError';
  }
}

/**
 * Builds what an adapter uploads for one target: the post's attachments in their order, each
 * prepared for the network (prepare-image.ts: upright, resized, converted where needed) and kept
 * at `media/prepared/<hash>-<platform>.<ext>`, so a retry or a second network with the same rules
 * does not prepare again and an adapter streams a file from disk rather than bytes in memory.
 * Videos and PDF documents go as stored. Prepared copies are a cache: the library's sweep may drop them.
 */
export class TargetMedia {
  readonly #files: MediaFiles;
  readonly #preparedDir: string;

  constructor(
    private readonly database: SyncDatabase,
    dataDir: string,
  ) {
    this.#files = new MediaFiles(dataDir);
    this.#preparedDir = path.join(this.#files.root, 'prepared');
  }

  /** The media of one target; `[]` for a text post. Throws TargetMediaError when a file is gone or cannot be prepared. */
  async forTarget(postId: string, platform: Platform): Promise<MediaItem[]> {
    const rows = await attachmentsOf(this.database.db, { postId });
    const items: MediaItem[] = [];
    for (const [index, row] of rows.entries()) {
      const original = this.#files.pathOf(row.media_hash);
      if (!(await isFile(original))) {
        throw new TargetMediaError(`Attachment ${index + 1} is missing from the media folder (restored without its files?). Remove it or add it again. Nothing was sent.`);
      }
      const altText = row.alt_text.trim() === '' ? null : row.alt_text;
      if (row.kind === 'document' && PLATFORM_MEDIA_LIMITS[platform].document === null) {
        // Scheduling checks this too; a document attached afterwards must still never be sent as a picture.
        throw new TargetMediaError(`Attachment ${index + 1} is a PDF document, and ${PLATFORM_LABELS[platform]} takes no documents. Remove it to post there. Nothing was sent.`);
      }
      if (row.kind === 'video' || row.kind === 'document') {
        items.push({ kind: row.kind, source: { path: original }, mimeType: MIME[row.format], byteLength: row.bytes, altText });
        continue;
      }
      const prepared = await this.#prepared(row.media_hash, original, row.format, platform, index);
      items.push({ kind: 'image', source: { path: prepared.path }, mimeType: MIME[prepared.format], byteLength: prepared.bytes, altText });
    }
    return items;
  }

  async #prepared(hash: string, original: string, format: MediaFormat, platform: Platform, index: number) {
    for (const known of ['jpeg', 'png', 'webp'] as const) {
      const cached = path.join(this.#preparedDir, `${hash}-${platform}.${EXTENSION[known]}`);
      const size = await fileSize(cached);
      if (size !== null) return { path: cached, format: known, bytes: size };
    }
    let image;
    try {
      image = await prepareImage(original, format, platform);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new TargetMediaError(`Picture ${index + 1} could not be made ready for ${PLATFORM_LABELS[platform]}: ${why} Nothing was sent.`);
    }
    await mkdir(this.#preparedDir, { recursive: true, mode: 0o700 });
    const cached = path.join(this.#preparedDir, `${hash}-${platform}.${EXTENSION[image.format]}`);
    // Written beside and renamed, so a cached copy in its place is always whole.
    const partial = `${cached}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(partial, image.bytes, { mode: 0o600 });
      await rename(partial, cached);
    } finally {
      await rm(partial, { force: true });
    }
    return { path: cached, format: image.format, bytes: image.bytes.byteLength };
  }
}

const fileSize = async (file: string): Promise<number | null> =>
  stat(file).then(
    (info) => (info.isFile() ? info.size : null),
    () => null,
  );
const isFile = async (file: string): Promise<boolean> => (await fileSize(file)) !== null;
