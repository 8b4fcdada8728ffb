import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MEDIA_CHUNK_BYTES } from '@shared/ipc/media-channels';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { DraftStore } from '../../electron/core/drafts/draft-store';
import { createMediaHandlers } from '../../electron/core/media/media-handlers';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { systemClock } from '../../electron/core/ports/clock';
import { heicHeader, png } from '../support/media-fixtures';

// A browser tab has no file paths: a picture reaches the core as bytes in bounded chunks over
// IPC. These drive the media channels' handlers as the renderer does.

let dir: string;
let opened: OpenedDatabase;
let media: ReturnType<typeof createMediaHandlers>;
let post: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-upload-'));
  opened = openDatabase(path.join(dir, 'agencyiq.db'));
  media = createMediaHandlers(new MediaLibrary(opened.db, dir, systemClock, silentLogger));
  post = randomUUID();
  await new DraftStore(opened.db, systemClock).save({ id: post, body: 'Cakes', targets: [] });
});
afterEach(async () => {
  await media.close();
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const send = async (bytes: Buffer, chunk = MEDIA_CHUNK_BYTES) => {
  const h = media.handlers;
  const { uploadId } = await h['media.beginUpload']({ postId: post, bytes: bytes.length, name: 'a' });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    await h['media.uploadChunk']({ uploadId, offset, data: bytes.subarray(offset, offset + chunk).toString('base64') });
  }
  return h['media.finishUpload']({ uploadId });
};

it('takes a picture in chunks and attaches it', async () => {
  const bytes = await png(1200, 1000);
  const attachment = await send(bytes, 1000);
  expect(attachment).toMatchObject({ postId: post, format: 'png', width: 1200, height: 1000, bytes: bytes.length });
  expect((await media.handlers['media.list']({ postId: post })).attachments).toHaveLength(1);
});

it('refuses a chunk out of order, and an upload that ends short, keeping nothing', async () => {
  const bytes = await png();
  const h = media.handlers;
  const { uploadId } = await h['media.beginUpload']({ postId: post, bytes: bytes.length, name: 'a' });
  await expect(h['media.uploadChunk']({ uploadId, offset: 5, data: bytes.subarray(0, 10).toString('base64') })).rejects.toMatchObject({ code: 'invalid_request' });
  await h['media.uploadChunk']({ uploadId, offset: 0, data: bytes.subarray(0, 100).toString('base64') });
  await expect(h['media.finishUpload']({ uploadId })).rejects.toMatchObject({ code: 'invalid_request' });
  expect((await h['media.list']({ postId: post })).attachments).toEqual([]);
  expect(fs.readdirSync(path.join(dir, 'media', 'incoming'))).toEqual([]);
});

it('answers a HEIC upload with the "save it as JPEG" reason', async () => {
  await expect(send(heicHeader(), 64)).rejects.toMatchObject({ refusal: 'heic' });
  expect(fs.readdirSync(path.join(dir, 'media', 'incoming'))).toEqual([]);
});

it("gives list rows the post's first file as its cover, with the count, and follows a reorder", async () => {
  const h = media.handlers;
  expect(await h['media.cover']({ postId: post })).toEqual({ cover: null });
  const first = await send(await png(400, 300));
  const second = await send(await png(300, 400));
  const { cover } = await h['media.cover']({ postId: post });
  expect(cover).toMatchObject({ kind: 'image', poster: 'image', count: 2, missing: false, thumbnail: first.thumbnail });
  await h['media.reorder']({ postId: post, order: [second.id, first.id] });
  expect((await h['media.cover']({ postId: post })).cover?.thumbnail).toBe(second.thumbnail);
  expect(second.thumbnail).not.toBe(first.thumbnail);
});
