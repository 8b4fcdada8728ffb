import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { DraftStore } from '../../electron/core/drafts/draft-store';
import { median, report, timeMs } from './measure';
import { WORDS } from './seed-words';

const POSTS = 100_000;
const ROUNDS = 1_000;

/** `npm run bench -- db`: open, list and search over 100,000 posts. */
export async function runDbBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-bench-'));
  const file = path.join(dir, 'agencyiq.db');
  try {
    // Seeding runs in a child so that its garbage does not count in this process's memory.
    execFileSync(process.execPath, [path.join(import.meta.dirname, 'seed-posts.mjs'), file, String(POSTS)], {
      stdio: 'inherit',
    });
    const openStart = process.hrtime.bigint();
    const database = openDatabase(file);
    const openMs = Number(process.hrtime.bigint() - openStart) / 1e6;
    const store = new DraftStore(database.db, { now: () => Date.now() });

    // The baseline: the data layer's list query, prepared once on the raw better-sqlite3 handle.
    const raw = database.sqlite.prepare(
      `select "p"."id", "p"."created_at", "p"."updated_at", substr(p.body, 1, 160) as "excerpt", length(substr(p.body, 1, 161)) > 160 as "cut",
       (SELECT group_concat(t.platform, ',' ORDER BY t.position) FROM post_targets t WHERE t.post_id = p.id) as "platforms"
       from "posts" as "p" where "p"."state" = ? and "p"."deleted_at" is null
       order by "p"."updated_at" desc, "p"."id" desc limit ? offset ?`,
    );
    const page = { query: '', sort: 'updated_desc' as const, limit: 50, offset: 0 };
    for (let i = 0; i < 50; i++) {
      await store.list(page);
      raw.all('draft', 51, 0);
    }
    const layer: number[] = [];
    const baseline: number[] = [];
    // Interleaved so that machine noise hits both sides alike.
    for (let i = 0; i < ROUNDS; i++) {
      layer.push(await timeMs(() => store.list(page)));
      baseline.push(await timeMs(() => raw.all('draft', 51, 0)));
    }
    const search: number[] = [];
    for (let i = 0; i < 60; i++) {
      search.push(await timeMs(() => store.list({ ...page, query: WORDS[i % WORDS.length] ?? 'coffee' })));
    }
    const listMs = median(layer);
    report('db.posts', POSTS, 0);
    report('db.open_ms', openMs);
    report('db.list_page_ms', listMs);
    report('db.list_raw_ms', median(baseline));
    report('db.list_ratio', listMs / median(baseline));
    report('db.search_ms', median(search));
    await database.close();
    report('db.rss_mb', process.memoryUsage().rss / (1024 * 1024), 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
