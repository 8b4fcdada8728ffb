import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment, MediaCover } from '@shared/ipc/media-channels';
import type { Database, MediaTable, PostMediaTable } from '../db/schema';
import { CoreError } from '../errors';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { loadSharp } from './load-sharp';
import { MediaFiles, type MediaSource, type StagedFile } from './media-files';
import { readImageFacts, writeVideoPlaceholder } from './read-image-facts';
import { checkPdfEnds } from './check-pdf-ends';
import { readVideoFacts } from './read-video-facts';
import { writeVideoPoster } from './video-poster';

/** Media no post names is deleted this long after the sweep first finds it unused. */
export const UNUSED_MEDIA_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

const attachmentGone = () => new CoreError('not_found', 'That attachment is no longer on the post.');

type Row = Pick<PostMediaTable, 'id' | 'post_id' | 'media_hash' | 'position' | 'alt_text'> &
  Pick<MediaTable, 'kind' | 'format' | 'bytes' | 'width' | 'height' | 'duration_ms' | 'codec' | 'poster'>;

/**
 * The media library: files stored once by content hash in the data folder, attached to posts
 * with a place and alt text. A file is deleted only by `sweep`, 30 days after no post (live or in
 * the bin) names it, so deleting one post never takes a file another uses.
 */
export class MediaLibrary {
  readonly files: MediaFiles;
  constructor(
    private readonly db: Database,
    dataDir: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.files = new MediaFiles(dataDir);
  }

  /** Stores the file (once per content) and attaches it at the end of the post. */
  async add(postId: string, source: MediaSource): Promise<Attachment> {
    await this.requirePost(postId);
    const staged = await this.files.stage(source);
    try {
      await this.storeFacts(staged);
    } catch (error) {
      await this.files.discard(staged);
      throw error;
    }
    return this.attach(postId, staged.hash, null, '');
  }

  /** Puts a stored file (back) on a post, at `position` or at the end. */
  async attach(postId: string, hash: string, position: number | null, altText: string): Promise<Attachment> {
    await this.requirePost(postId);
    const media = await this.db.selectFrom('media').select('hash').where('hash', '=', hash).executeTakeFirst();
    if (!media || !(await this.files.has(hash))) throw new CoreError('not_found', 'That file is no longer in the media library.');
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('post_media').select('id').where('post_id', '=', postId).where('media_hash', '=', hash).executeTakeFirst();
      if (taken) throw new CoreError('conflict', 'This file is already on the post.');
      const rows = await trx.selectFrom('post_media').select(['id']).where('post_id', '=', postId).orderBy('position').execute();
      const at = position === null ? rows.length : Math.min(Math.max(0, position), rows.length);
      const order = rows.map((row) => row.id);
      order.splice(at, 0, id);
      await trx
        .insertInto('post_media')
        .values({ id, post_id: postId, media_hash: hash, position: at, alt_text: altText, created_at: this.clock.now() })
        .execute();
      for (const [index, rowId] of order.entries()) {
        await trx.updateTable('post_media').set({ position: index }).where('id', '=', rowId).execute();
      }
      await trx.updateTable('media').set({ unused_since: null }).where('hash', '=', hash).execute();
    });
    return this.get(id);
  }

  async list(postId: string): Promise<Attachment[]> {
    const rows = await this.rows().where('pm.post_id', '=', postId).orderBy('pm.position').execute();
    return Promise.all(rows.map((row) => this.toAttachment(row)));
  }

  /** The post's first attachment as a list row shows it, and how many it has; null for none. */
  async cover(postId: string): Promise<MediaCover | null> {
    const rows = await this.rows().where('pm.post_id', '=', postId).orderBy('pm.position').execute();
    const first = rows[0];
    if (!first) return null;
    const { thumbnail, kind, poster, durationSeconds, altText, missing } = await this.toAttachment(first);
    return { thumbnail, kind, poster, durationSeconds, count: rows.length, altText, missing };
  }

  async get(id: string): Promise<Attachment> {
    const row = await this.rows().where('pm.id', '=', id).executeTakeFirst();
    if (!row) throw attachmentGone();
    return this.toAttachment(row);
  }

  /**
   * An attached picture made small for a model to look at (the writing assistant's alt text):
   * upright, at most `maxEdge` pixels on its longer side, JPEG. Videos are refused.
   */
  async downsizedPicture(id: string, maxEdge: number): Promise<{ jpeg: Buffer; width: number; height: number }> {
    const row = await this.rows().where('pm.id', '=', id).executeTakeFirst();
    if (!row) throw attachmentGone();
    if (row.kind !== 'image') throw new CoreError('invalid_request', 'Alt text is for pictures; a video is described in the post itself.');
    if (!(await this.files.has(row.media_hash))) throw new CoreError('not_found', 'This file is missing from the media folder. Remove it and add it again.');
    const sharp = await loadSharp();
    const { data, info } = await sharp(this.files.pathOf(row.media_hash))
      .rotate()
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  }

  /** `order` must name each of the post's attachments once. */
  async reorder(postId: string, order: readonly string[]): Promise<Attachment[]> {
    await this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('post_media').select('id').where('post_id', '=', postId).execute();
      const current = new Set(rows.map((row) => row.id));
      if (order.length !== current.size || new Set(order).size !== order.length || order.some((id) => !current.has(id))) {
        throw new CoreError('conflict', 'The attachments changed meanwhile; the order was not saved.');
      }
      for (const [index, id] of order.entries()) {
        await trx.updateTable('post_media').set({ position: index }).where('id', '=', id).execute();
      }
    });
    return this.list(postId);
  }

  async setAltText(id: string, altText: string): Promise<Attachment> {
    const result = await this.db.updateTable('post_media').set({ alt_text: altText }).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw attachmentGone();
    return this.get(id);
  }

  /**
   * A video's poster: a frame the renderer drew (Chromium decodes MP4/H.264; the core has no
   * decoder), checked with sharp and kept beside the video, its thumbnail then shown in every tile.
   * Pictures have their own pixels, so a frame for one is refused.
   */
  async setPoster(id: string, frame: Buffer): Promise<Attachment> {
    const row = await this.rows().where('pm.id', '=', id).executeTakeFirst();
    if (!row) throw attachmentGone();
    if (row.kind !== 'video') throw new CoreError('invalid_request', 'Only a video takes a poster frame; a picture is its own.');
    await mkdir(path.dirname(this.files.thumbnailOf(row.media_hash)), { recursive: true, mode: 0o700 });
    await writeVideoPoster(frame, { poster: this.files.posterOf(row.media_hash), thumbnail: this.files.thumbnailOf(row.media_hash) });
    await this.db.updateTable('media').set({ poster: 'image' }).where('hash', '=', row.media_hash).execute();
    return this.get(id);
  }

  /** Takes an attachment off its post; the file stays for Undo and for any other post. */
  async remove(id: string): Promise<{ postId: string; hash: string; position: number; altText: string }> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('post_media').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw attachmentGone();
      await trx.deleteFrom('post_media').where('id', '=', id).execute();
      await trx
        .updateTable('post_media')
        .set((eb) => ({ position: eb('position', '-', 1) }))
        .where('post_id', '=', row.post_id)
        .where('position', '>', row.position)
        .execute();
      return { postId: row.post_id, hash: row.media_hash, position: row.position, altText: row.alt_text };
    });
  }

  /**
   * Marks files no post names (from now) and deletes those unused for 30 days, row and file.
   * A file named again meanwhile is kept: the delete re-checks inside its transaction.
   */
  async sweep(): Promise<{ deleted: number }> {
    const now = this.clock.now();
    await this.db
      .updateTable('media')
      .set({ unused_since: now })
      .where('unused_since', 'is', null)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('post_media').select('id').whereRef('post_media.media_hash', '=', 'media.hash'))))
      .execute();
    await this.db
      .updateTable('media')
      .set({ unused_since: null })
      .where('unused_since', 'is not', null)
      .where((eb) => eb.exists(eb.selectFrom('post_media').select('id').whereRef('post_media.media_hash', '=', 'media.hash')))
      .execute();
    const expired = await this.db
      .deleteFrom('media')
      .where('unused_since', '<=', now - UNUSED_MEDIA_KEPT_MS)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('post_media').select('id').whereRef('post_media.media_hash', '=', 'media.hash'))))
      .returning('hash')
      .execute();
    for (const { hash } of expired) await this.files.remove(hash);
    if (expired.length > 0) this.logger.info('Deleted media no post had used for 30 days', { count: expired.length });
    return { deleted: expired.length };
  }

  private async storeFacts(staged: StagedFile): Promise<void> {
    const known = await this.db.selectFrom('media').select('hash').where('hash', '=', staged.hash).executeTakeFirst();
    if (known && (await this.files.has(staged.hash))) {
      await this.files.discard(staged); // the same bytes are already stored: keep one copy
      return;
    }
    const thumbnail = this.files.thumbnailOf(staged.hash);
    await mkdir(path.dirname(thumbnail), { recursive: true, mode: 0o700 });
    try {
      let facts: Omit<MediaTable, 'hash' | 'created_at' | 'unused_since'>;
      if (staged.type.kind === 'document') {
        // No page is rendered (that needs a PDF renderer); the renderer shows a document icon.
        await checkPdfEnds(staged.stagedPath);
        facts = { ...staged.type, bytes: staged.bytes, width: null, height: null, duration_ms: null, codec: null, poster: 'placeholder' };
      } else if (staged.type.kind === 'image') {
        const image = await readImageFacts(staged.stagedPath, thumbnail);
        facts = { ...staged.type, bytes: staged.bytes, width: image.width, height: image.height, duration_ms: null, codec: null, poster: 'image' };
      } else {
        const video = await readVideoFacts(staged.stagedPath);
        await writeVideoPlaceholder(thumbnail, video.width, video.height);
        facts = { ...staged.type, bytes: staged.bytes, width: video.width, height: video.height, duration_ms: video.durationMs, codec: video.codec, poster: 'placeholder' };
      }
      await this.files.keep(staged);
      await this.db
        .insertInto('media')
        .values({ hash: staged.hash, ...facts, created_at: this.clock.now(), unused_since: null })
        .onConflict((oc) => oc.column('hash').doNothing())
        .execute();
    } catch (error) {
      if (!known) await rm(thumbnail, { force: true });
      throw error;
    }
  }

  private async requirePost(postId: string): Promise<void> {
    const post = await this.db.selectFrom('posts').select(['deleted_at']).where('id', '=', postId).executeTakeFirst();
    if (!post) throw new CoreError('not_found', 'Save the post before adding pictures or video to it.');
    if (post.deleted_at !== null) throw new CoreError('conflict', 'This post was deleted. Undo the delete to change it.');
  }

  private rows() {
    return this.db
      .selectFrom('post_media as pm')
      .innerJoin('media as m', 'm.hash', 'pm.media_hash')
      .select(['pm.id', 'pm.post_id', 'pm.media_hash', 'pm.position', 'pm.alt_text', 'm.kind', 'm.format', 'm.bytes', 'm.width', 'm.height', 'm.duration_ms', 'm.codec', 'm.poster']);
  }

  private async toAttachment(row: Row): Promise<Attachment> {
    const missing = !(await this.files.has(row.media_hash));
    const thumb = await readFile(this.files.thumbnailOf(row.media_hash)).catch(() => null);
    return {
      id: row.id,
      postId: row.post_id,
      hash: row.media_hash,
      kind: row.kind,
      format: row.format,
      bytes: row.bytes,
      width: row.width,
      height: row.height,
      durationSeconds: row.duration_ms === null ? null : row.duration_ms / 1000,
      codec: row.codec,
      position: row.position,
      altText: row.alt_text,
      thumbnail: thumb === null ? null : `data:image/jpeg;base64,${thumb.toString('base64')}`,
      poster: row.poster,
      missing,
    };
  }
}
