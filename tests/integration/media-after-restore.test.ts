import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openTestCore, tempDataDir } from '../support/core-fixture';
import { movie, png } from '../support/media-fixtures';

// A backup holds the database, so the media index (which post has which file) comes back with
// a restore, but the files themselves do not. The restore says which posts lost which files now,
// instead of the post failing at publish time.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test('restoring a database whose media files are missing names the posts and the files they lost', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir);
  cleanups.push(() => core.close());

  const attach = async (postId: string, bytes: Buffer) => {
    const { uploadId } = await call('media.beginUpload', { postId, bytes: bytes.length, name: 'file' });
    await call('media.uploadChunk', { uploadId, offset: 0, data: bytes.toString('base64') });
    return call('media.finishUpload', { uploadId });
  };
  const withLoss = randomUUID();
  const intact = randomUUID();
  await call('drafts.save', { id: withLoss, body: 'Lamingtons and the new coffee blend', targets: [] });
  await call('drafts.save', { id: intact, body: 'Text only', targets: [] });
  const kept = await attach(withLoss, await png(300, 300));
  const lost = await attach(withLoss, movie(4));
  await attach(intact, await png(300, 300)); // the same file as `kept`: stored once
  const backup = await call('backups.create', {});

  // The video's file is gone (a new computer, a folder cleaned by hand).
  fs.rmSync(path.join(dir, 'media', lost.hash.slice(0, 2), lost.hash));
  const restored = await call('backups.restore', { id: backup.id });
  expect(restored.missingMedia).toEqual([
    { postId: withLoss, excerpt: 'Lamingtons and the new coffee blend', files: [{ position: 1, kind: 'video', format: 'mp4' }] },
  ]);
  const listed = (await call('media.list', { postId: withLoss })).attachments;
  expect(listed.map((a) => [a.hash, a.missing])).toEqual([
    [kept.hash, false],
    [lost.hash, true],
  ]);
});
