import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../electron/core/db/open-database';
import { WORDS } from './seed-words';

const PLATFORM_SETS = [['x'], ['facebook', 'linkedin'], ['instagram'], ['x', 'linkedin', 'facebook'], ['youtube']];

/** Seeds posts with the same rows the draft store writes, in one transaction for speed. Run as a child of db-bench.ts. */
function seed(file: string, posts: number): void {
  const { sqlite } = openDatabase(file);
  const insertPost = sqlite.prepare(
    "INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, ?, 'draft', 1, ?, ?)",
  );
  const insertTarget = sqlite.prepare(
    "INSERT INTO post_targets (id, post_id, platform, position, state, updated_at) VALUES (?, ?, ?, ?, 'draft', ?)",
  );
  const insertSearch = sqlite.prepare('INSERT INTO posts_fts (rowid, post_id, content) VALUES (?, ?, ?)');
  const start = Date.UTC(2026, 0, 1);
  sqlite.transaction(() => {
    for (let i = 0; i < posts; i++) {
      const id = randomUUID();
      const words = Array.from({ length: 30 }, (_, j) => WORDS[(i * 7 + j * 13) % WORDS.length]);
      const body = `Post ${i}: ${words.join(' ')}.`;
      const at = start + i * 60_000;
      const { lastInsertRowid } = insertPost.run(id, body, at, at);
      (PLATFORM_SETS[i % PLATFORM_SETS.length] ?? []).forEach((platform, position) =>
        insertTarget.run(randomUUID(), id, platform, position, at),
      );
      insertSearch.run(lastInsertRowid, id, body);
    }
  })();
  sqlite.close();
}

const [file, count] = process.argv.slice(2);
if (!file || !count) throw new Error('usage: seed-posts.ts FILE COUNT');
seed(file, Number(count));
