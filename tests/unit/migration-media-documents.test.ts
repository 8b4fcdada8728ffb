import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database';
import { MIGRATIONS } from '../../electron/core/db/migrations';

// Migration 15 rebuilds `media` so a PDF document may be stored. It runs the way the app runs it
// (openDatabase: foreign keys on, one transaction), and an owner's existing files and the posts
// that use them must come through untouched.

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-migration-15-'));
  file = path.join(dir, 'agencyiq.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hash = (c: string) => c.repeat(64);

it('keeps every file and attachment, and then takes PDF documents', async () => {
  const before = openDatabase(file, { migrations: MIGRATIONS.filter((migration) => migration.version <= 14) });
  const { sqlite } = before;
  expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  sqlite.prepare(`INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES ('cake', 'A new cake', 'draft', 1, 1, 1)`).run();
  const media = sqlite.prepare(
    `INSERT INTO media (hash, kind, format, bytes, width, height, duration_ms, codec, poster, created_at, unused_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 5, ?)`,
  );
  media.run(hash('a'), 'image', 'jpeg', 1200, 800, 600, null, null, 'image', null);
  media.run(hash('b'), 'video', 'mp4', 9000, 1080, 1920, 12_500, 'avc1', 'placeholder', null);
  media.run(hash('c'), 'image', 'png', 300, 10, 10, null, null, 'image', 77);
  // Before 15 a document is refused by the CHECK.
  expect(() => media.run(hash('d'), 'document', 'pdf', 100, null, null, null, null, 'placeholder', null)).toThrow(/CHECK/);
  const attach = sqlite.prepare(`INSERT INTO post_media (id, post_id, media_hash, position, alt_text, created_at) VALUES (?, 'cake', ?, ?, ?, 6)`);
  attach.run('pm-1', hash('a'), 0, 'The cake, iced');
  attach.run('pm-2', hash('b'), 1, '');
  const mediaBefore = sqlite.prepare(`SELECT * FROM media ORDER BY hash`).all();
  const attachmentsBefore = sqlite.prepare(`SELECT * FROM post_media ORDER BY id`).all();
  await before.close();

  const after = openDatabase(file);
  try {
    expect(after.schemaVersion).toBe(MIGRATIONS.length); // 15 and every later one ran
    const db = after.sqlite;
    expect(db.prepare(`SELECT * FROM media ORDER BY hash`).all()).toEqual(mediaBefore);
    expect(db.prepare(`SELECT * FROM post_media ORDER BY id`).all()).toEqual(attachmentsBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'post_media' AND name LIKE 'post_media_by_%' ORDER BY name`).pluck().all()).toEqual([
      'post_media_by_media',
      'post_media_by_post',
    ]);

    db.prepare(`INSERT INTO media (hash, kind, format, bytes, width, height, duration_ms, codec, poster, created_at, unused_since) VALUES (?, 'document', 'pdf', 4096, NULL, NULL, NULL, NULL, 'placeholder', 7, NULL)`).run(hash('d'));
    expect(() => db.prepare(`INSERT INTO media (hash, kind, format, bytes, poster, created_at) VALUES (?, 'spreadsheet', 'xls', 1, 'placeholder', 1)`).run(hash('e'))).toThrow(/CHECK/);
    // The rebuilt references still hold: no attachment to a file that is not stored, and a
    // deleted post takes its attachments with it.
    expect(() => db.prepare(`INSERT INTO post_media (id, post_id, media_hash, position, alt_text, created_at) VALUES ('pm-x', 'cake', ?, 2, '', 8)`).run(hash('f'))).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM posts WHERE id = 'cake'`).run();
    expect(db.prepare(`SELECT count(*) FROM post_media`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM media`).pluck().get()).toBe(4);
  } finally {
    await after.close();
  }
});
