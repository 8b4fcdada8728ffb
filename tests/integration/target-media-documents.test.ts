import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { TargetMedia, TargetMediaError } from '../../electron/core/publishing/target-media';
import { tempDataDir } from '../support/core-fixture';
import { pdf } from '../support/media-fixtures';

// A PDF goes to LinkedIn as stored (kind document, application/pdf) and is never handed to a
// network that takes no documents, even if it was attached after the post was scheduled.

let data: { dir: string; remove: () => void };
let opened: OpenedDatabase;
beforeEach(() => {
  data = tempDataDir('agencyiq-target-docs-');
  opened = openDatabase(path.join(data.dir, 'agencyiq.db'));
});
afterEach(async () => {
  await opened.close();
  data.remove();
});

it('gives LinkedIn the stored PDF as a document and refuses it for the networks that take none', async () => {
  opened.sqlite.prepare(`INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES ('menu', 'Our menu', 'draft', 1, 1, 1)`).run();
  const library = new MediaLibrary(opened.db, data.dir, { now: () => 1 }, silentLogger);
  const source = path.join(data.dir, 'menu.bin'); // the name says nothing; the bytes say PDF
  const file = pdf(2);
  fs.writeFileSync(source, file);
  const attachment = await library.add('menu', { path: source });
  expect(attachment).toMatchObject({ kind: 'document', format: 'pdf', bytes: file.length, width: null, height: null, thumbnail: null, poster: 'placeholder' });

  const media = new TargetMedia(opened, data.dir);
  const [item] = await media.forTarget('menu', 'linkedin');
  expect(item).toMatchObject({ kind: 'document', mimeType: 'application/pdf', byteLength: file.length });
  expect(fs.readFileSync((item!.source as { path: string }).path).equals(file)).toBe(true);
  for (const platform of ['x', 'facebook', 'instagram', 'youtube'] as const) {
    await expect(media.forTarget('menu', platform)).rejects.toThrow(TargetMediaError);
  }
  await expect(media.forTarget('menu', 'x')).rejects.toThrow('Attachment 1 is a PDF document, and X takes no documents. Remove it to post there. Nothing was sent.');
});
