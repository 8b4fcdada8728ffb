import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MEDIA_CHUNK_BYTES, type Attachment } from '@shared/ipc/media-channels';
import { MediaFiles } from '../../electron/core/media/media-files';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { movie, png } from '../support/media-fixtures';

// A video's poster: Compose draws a frame and sends it as `media.setPoster`; the core checks it with
// sharp (a JPEG or PNG of sane size), keeps it beside the video under its hash, and every tile
// (Compose's list, list rows' cover) then shows it instead of the plain video tile. Anything else is
// refused with a typed error and the plain tile stays.

let data: { dir: string; remove: () => void };
let t: TestCore;
let postId: string;

beforeEach(async () => {
  data = tempDataDir('agencyiq-poster-');
  t = await openTestCore(data.dir);
  postId = randomUUID();
  await t.call('drafts.save', { id: postId, body: 'The team at work', targets: [] });
});
afterEach(async () => {
  await t.core.close();
  data.remove();
});

async function attach(bytes: Buffer): Promise<Attachment> {
  const { uploadId } = await t.call('media.beginUpload', { postId, bytes: bytes.length, name: 'file' });
  for (let offset = 0; offset < bytes.length; offset += MEDIA_CHUNK_BYTES) {
    await t.call('media.uploadChunk', { uploadId, offset, data: bytes.subarray(offset, offset + MEDIA_CHUNK_BYTES).toString('base64') });
  }
  return t.call('media.finishUpload', { uploadId });
}

const posterFile = (hash: string) => path.join(data.dir, 'media', hash.slice(0, 2), `${hash}.poster.jpg`);

describe('media.setPoster', () => {
  it('keeps a drawn frame beside the video and shows it as the thumbnail in Compose and in list rows', async () => {
    const video = await attach(movie(12));
    expect(video).toMatchObject({ kind: 'video', poster: 'placeholder' });
    const frame = await png(1280, 720);
    const answer = await t.call('media.setPoster', { id: video.id, data: frame.toString('base64') });
    expect(answer.poster).toBe('image');
    expect(answer.thumbnail).not.toBe(video.thumbnail);
    expect(answer.durationSeconds).toBe(12);
    expect(fs.existsSync(posterFile(video.hash))).toBe(true);
    const [listed] = (await t.call('media.list', { postId })).attachments;
    expect(listed).toMatchObject({ poster: 'image', thumbnail: answer.thumbnail });
    const { cover } = await t.call('media.cover', { postId });
    expect(cover).toMatchObject({ kind: 'video', poster: 'image', thumbnail: answer.thumbnail, durationSeconds: 12 });
  });

  it.each([
    ['bytes that are no picture', async () => Buffer.from('not a frame at all, just text')],
    ['a picture wider than 4,096 pixels', () => png(5000, 100)],
    ['a picture narrower than 16 pixels', () => png(640, 8)],
  ])('refuses %s with a typed error and keeps the plain tile', async (_what, make) => {
    const video = await attach(movie(5));
    await expect(t.call('media.setPoster', { id: video.id, data: (await make()).toString('base64') })).rejects.toThrow(/^media\.setPoster: invalid_request That video frame could not be used/);
    const [listed] = (await t.call('media.list', { postId })).attachments;
    expect(listed).toMatchObject({ poster: 'placeholder', thumbnail: video.thumbnail });
    expect(fs.existsSync(posterFile(video.hash))).toBe(false);
    expect(fs.readdirSync(path.join(data.dir, 'media', 'thumbs')).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a frame for a picture, and for an attachment no longer on the post', async () => {
    const picture = await attach(await png(400, 300));
    const frame = (await png(64, 64)).toString('base64');
    await expect(t.call('media.setPoster', { id: picture.id, data: frame })).rejects.toThrow(/^media\.setPoster: invalid_request Only a video/);
    await expect(t.call('media.setPoster', { id: randomUUID(), data: frame })).rejects.toThrow(/^media\.setPoster: not_found/);
  });

  it('refuses what is not base64, or is larger than 2 MB, before the core reads it', async () => {
    const video = await attach(movie(5));
    await expect(t.call('media.setPoster', { id: video.id, data: '%%% not base64 %%%' })).rejects.toThrow(/^media\.setPoster: invalid_request/);
    await expect(t.call('media.setPoster', { id: video.id, data: Buffer.alloc(2 * 1024 * 1024 + 3).toString('base64') })).rejects.toThrow(/^media\.setPoster: invalid_request/);
  });

  it('deletes the poster with its video when the sweep removes the file', async () => {
    const video = await attach(movie(5));
    await t.call('media.setPoster', { id: video.id, data: (await png(640, 360)).toString('base64') });
    await new MediaFiles(data.dir).remove(video.hash);
    expect(fs.existsSync(posterFile(video.hash))).toBe(false);
  });
});
