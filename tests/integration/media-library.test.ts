import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { DraftStore } from '../../electron/core/drafts/draft-store';
import { MediaRefusedError } from '../../electron/core/media/media-errors';
import { MediaLibrary, UNUSED_MEDIA_KEPT_MS } from '../../electron/core/media/media-library';
import type { Clock } from '../../electron/core/ports/clock';
import { silentLogger as quiet } from '../../electron/core/ports/logger';
import { brokenJpeg, heicHeader, movie, pixelBombPng, png, sidewaysJpeg } from '../support/media-fixtures';

// The media library on real SQLite, real files, real sharp and mp4box: what the owner relies on
// when adding pictures and video to a post.


class TestClock implements Clock {
  time = Date.UTC(2026, 11, 1, 9);
  now(): number {
    return this.time;
  }
}

let dir: string;
let opened: OpenedDatabase;
let clock: TestClock;
let library: MediaLibrary;
let drafts: DraftStore;

const newPost = async (): Promise<string> => {
  const id = randomUUID();
  await drafts.save({ id, body: 'Fresh bread', targets: [{ platform: 'instagram', text: null, title: null }] });
  return id;
};
const writeTemp = (name: string, bytes: Buffer): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
/** Every file under the media folder except empty folders. */
const storedFiles = (): string[] =>
  fs.existsSync(path.join(dir, 'media'))
    ? (fs.readdirSync(path.join(dir, 'media'), { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, 'media', f)).isFile())
    : [];
const mediaRows = () => opened.sqlite.prepare('select count(*) from media').pluck().get();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-media-'));
  opened = openDatabase(path.join(dir, 'agencyiq.db'));
  clock = new TestClock();
  library = new MediaLibrary(opened.db, dir, clock, quiet);
  drafts = new DraftStore(opened.db, clock);
});
afterEach(async () => {
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('adding files', () => {
  it('stores a photo under its content hash with its upright size and a thumbnail', async () => {
    const post = await newPost();
    const bytes = await sidewaysJpeg();
    const added = await library.add(post, { path: writeTemp('IMG_0001.jpg', bytes) });
    const hash = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    expect(added).toMatchObject({ hash, kind: 'image', format: 'jpeg', width: 400, height: 600, position: 0, poster: 'image', missing: false });
    expect(added.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    // The thumbnail is upright too (portrait), whatever the viewer does with EXIF.
    const thumb = await sharp(Buffer.from((added.thumbnail ?? '').split(',')[1] ?? '', 'base64')).metadata();
    expect([thumb.width, thumb.height, thumb.orientation ?? 1]).toEqual([213, 320, 1]);
    expect(fs.readFileSync(path.join(dir, 'media', hash.slice(0, 2), hash))).toEqual(bytes);
  });

  it('knows a file by its bytes, not its name, and stores the same file twice once', async () => {
    const [a, b] = [await newPost(), await newPost()];
    const bytes = await png();
    const first = await library.add(a, { chunks: [bytes.subarray(0, 10), bytes.subarray(10)] });
    const second = await library.add(b, { path: writeTemp('holiday.jpg', bytes) });
    expect(first.format).toBe('png');
    expect(second.hash).toBe(first.hash);
    expect(mediaRows()).toBe(1);
    expect(storedFiles().filter((f) => !f.startsWith('thumbs'))).toEqual([path.join(first.hash.slice(0, 2), first.hash)]);
  });

  it('refuses HEIC with "save it as JPEG" and keeps nothing', async () => {
    const post = await newPost();
    const refusal = await library.add(post, { path: writeTemp('IMG_0002.HEIC', heicHeader()) }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(MediaRefusedError);
    expect((refusal as MediaRefusedError).refusal).toBe('heic');
    expect((refusal as Error).message).toMatch(/Save it as JPEG/);
    expect(storedFiles()).toEqual([]);
    expect(mediaRows()).toBe(0);
  });

  it('refuses a damaged picture and a file of another type, and keeps nothing', async () => {
    const post = await newPost();
    await expect(library.add(post, { chunks: [brokenJpeg()] })).rejects.toMatchObject({ refusal: 'unreadable' });
    await expect(library.add(post, { chunks: [Buffer.from('PK\x03\x04 a zip archive, not a picture', 'latin1')] })).rejects.toMatchObject({ refusal: 'unsupported_type' });
    // A PDF cut short (no %%EOF at its end) is refused now, not by LinkedIn's processing later.
    await expect(library.add(post, { chunks: [Buffer.from('%PDF-1.7 not a picture at all')] })).rejects.toMatchObject({ refusal: 'unreadable', message: expect.stringContaining('PDF') });
    await expect(library.add(post, { chunks: [] })).rejects.toMatchObject({ refusal: 'empty' });
    // A header claiming billions of pixels is refused before anything is decoded into memory.
    await expect(library.add(post, { chunks: [await pixelBombPng()] })).rejects.toMatchObject({ refusal: 'unreadable' });
    expect(storedFiles()).toEqual([]);
    expect(mediaRows()).toBe(0);
    expect(await library.list(post)).toEqual([]);
  });

  it('reads a video\'s length, size and codec, with a placeholder poster', async () => {
    const post = await newPost();
    const added = await library.add(post, { chunks: [movie(5)] });
    expect(added).toMatchObject({ kind: 'video', format: 'mp4', width: 640, height: 360, durationSeconds: 5, poster: 'placeholder' });
    expect(added.codec).toMatch(/^avc1/);
    expect(added.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    const mov = await library.add(post, { chunks: [movie(3, 'qt  ')] });
    expect(mov).toMatchObject({ format: 'mov', durationSeconds: 3 });
  });

  it('needs a saved post', async () => {
    await expect(library.add(randomUUID(), { chunks: [await png()] })).rejects.toMatchObject({ code: 'not_found' });
    expect(storedFiles()).toEqual([]);
  });
});

describe('a post\'s attachments', () => {
  it('reorders, keeps alt text, removes and puts back at the same place', async () => {
    const post = await newPost();
    const a = await library.add(post, { chunks: [await png(100, 100)] });
    const b = await library.add(post, { chunks: [await png(200, 100)] });
    const c = await library.add(post, { chunks: [movie(4)] });
    expect((await library.reorder(post, [c.id, a.id, b.id])).map((x) => x.id)).toEqual([c.id, a.id, b.id]);
    await expect(library.reorder(post, [c.id, a.id])).rejects.toMatchObject({ code: 'conflict' });
    expect((await library.setAltText(a.id, 'Sourdough loaf on the counter')).altText).toBe('Sourdough loaf on the counter');
    const removed = await library.remove(a.id);
    expect((await library.list(post)).map((x) => [x.id, x.position])).toEqual([[c.id, 0], [b.id, 1]]);
    const back = await library.attach(post, removed.hash, removed.position, removed.altText);
    expect((await library.list(post)).map((x) => [x.hash, x.position, x.altText])).toEqual([
      [c.hash, 0, ''],
      [a.hash, 1, 'Sourdough loaf on the counter'],
      [b.hash, 2, ''],
    ]);
    expect(back.position).toBe(1);
  });
});

describe('cleaning unused media', () => {
  it('deleting a post never deletes a file another post uses; unused files go after 30 days', async () => {
    const [a, b] = [await newPost(), await newPost()];
    const shared = await png();
    const onBoth = await library.add(a, { chunks: [shared] });
    await library.add(b, { chunks: [shared] });
    const onlyA = await library.add(a, { chunks: [await png(120, 90)] });
    // Copies publishing prepared for the networks (media/prepared/<hash>-<platform>.<ext>).
    const prepared = path.join(library.files.root, 'prepared');
    fs.mkdirSync(prepared, { recursive: true });
    for (const hash of [onlyA.hash, onBoth.hash]) fs.writeFileSync(path.join(prepared, `${hash}-x.png`), 'prepared');
    // Deleted for good (the bin emptied): its attachment rows go with it.
    await drafts.delete(a);
    await drafts.emptyBin(clock.now() + 1);
    await library.sweep();
    clock.time += UNUSED_MEDIA_KEPT_MS - 1;
    expect(await library.sweep()).toEqual({ deleted: 0 });
    clock.time += 1;
    expect(await library.sweep()).toEqual({ deleted: 1 });
    expect(await library.files.has(onlyA.hash)).toBe(false);
    expect(await library.files.has(onBoth.hash)).toBe(true);
    expect(fs.readdirSync(prepared)).toEqual([`${onBoth.hash}-x.png`]);
    expect((await library.list(b)).map((x) => x.hash)).toEqual([onBoth.hash]);
  });

  it('a file used again before its 30 days is kept', async () => {
    const [a, b] = [await newPost(), await newPost()];
    const added = await library.add(a, { chunks: [await png()] });
    await library.remove(added.id);
    await library.sweep();
    clock.time += UNUSED_MEDIA_KEPT_MS / 2;
    await library.attach(b, added.hash, null, '');
    clock.time += UNUSED_MEDIA_KEPT_MS;
    expect(await library.sweep()).toEqual({ deleted: 0 });
    expect(await library.files.has(added.hash)).toBe(true);
  });
});
