import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxStore } from '../../electron/core/publishing/outbox-store';
import { seedScheduledPost } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// The engine asks "what is due, soonest first?" after every send. A target is due at its own
// next_attempt_at when a retry or rate limit set one, else at its post's scheduled_at; the store
// reads the two kinds separately (each in index order) and merges them. The owner relies on the
// merged order being the true due order, and on nothing finished, deleted or missed being due.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
let temp: TempDatabase;
let store: OutboxStore;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-outbox-');
  store = new OutboxStore(temp.database);
});
afterEach(() => temp.cleanup());

const sqlite = () => temp.database.sqlite;
function post(minutes: number, platforms: Array<'facebook' | 'linkedin' | 'x'> = ['x']) {
  return seedScheduledPost(sqlite(), { body: `at +${minutes}`, scheduledAt: T0 + minutes * 60_000, targets: platforms.map((platform) => ({ platform, connectionId: null })) });
}
const setTarget = (id: string, columns: string, ...values: unknown[]) => sqlite().prepare(`UPDATE post_targets SET ${columns} WHERE id = ?`).run(...values, id);

describe('outbox due order', () => {
  it('merges retry times with scheduled times into one due order, targets of a post by position', async () => {
    const early = post(0, ['facebook', 'linkedin']);
    const middle = post(10);
    const late = post(30);
    // The early post's LinkedIn target failed transiently and retries at +20, after the middle post.
    setTarget(early.targets.linkedin!, 'next_attempt_at = ?', T0 + 20 * 60_000);
    // The late post's target was rate limited until +5.
    setTarget(late.targets.x!, 'next_attempt_at = ?', T0 + 5 * 60_000);

    const due = await store.dueTargets(T0 + 60 * 60_000, 10, new Set());
    expect(due.map((d) => d.targetId)).toEqual([early.targets.facebook, late.targets.x, middle.targets.x, early.targets.linkedin]);
    expect(await store.nextDueAt(new Set())).toBe(T0);
    expect(await store.nextDueAt(new Set([early.targets.facebook!]))).toBe(T0 + 5 * 60_000);
  });

  it('gives only what is due by now, up to the limit, skipping targets in flight', async () => {
    const posts = Array.from({ length: 6 }, (_, i) => post(i));
    const due = await store.dueTargets(T0 + 3 * 60_000, 2, new Set([posts[0]!.targets.x!]));
    expect(due.map((d) => d.targetId)).toEqual([posts[1]!.targets.x, posts[2]!.targets.x]);
    expect((await store.dueTargets(T0 + 3 * 60_000, 10, new Set())).map((d) => d.targetId)).toEqual(posts.slice(0, 4).map((p) => p.targets.x));
  });

  it('leaves out finished, deleted, missed and still-draft posts, and targets not scheduled', async () => {
    const sent = post(0, ['facebook', 'x']);
    setTarget(sent.targets.facebook!, "state = 'published'");
    sqlite().prepare("UPDATE posts SET state = 'publishing' WHERE id = ?").run(sent.postId);
    const deleted = post(1);
    sqlite().prepare('UPDATE posts SET deleted_at = ? WHERE id = ?').run(T0, deleted.postId);
    const missed = post(2);
    sqlite().prepare('UPDATE posts SET missed_at = ? WHERE id = ?').run(T0, missed.postId);
    const draft = post(3);
    sqlite().prepare("UPDATE posts SET state = 'draft' WHERE id = ?").run(draft.postId);
    const waiting = post(4);
    setTarget(waiting.targets.x!, "state = 'needs_check', next_attempt_at = ?", T0);

    expect((await store.dueTargets(T0 + DAY, 10, new Set())).map((d) => d.targetId)).toEqual([sent.targets.x]);
    setTarget(sent.targets.x!, "state = 'published'");
    sqlite().prepare("UPDATE posts SET state = 'done' WHERE id = ?").run(sent.postId);
    expect(await store.dueTargets(T0 + DAY, 10, new Set())).toEqual([]);
    expect(await store.nextDueAt(new Set())).toBeNull();
  });

  it('answers from the due index, without sorting the backlog', async () => {
    for (let i = 0; i < 50; i++) post(0, ['facebook', 'linkedin', 'x']);
    // Record the SQL the store really runs, then ask SQLite how it runs it.
    const db = sqlite();
    const seen: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((source: string) => (seen.push(source), prepare(source))) as typeof db.prepare;
    try {
      await store.dueTargets(T0, 4, new Set());
      await store.nextDueAt(new Set());
    } finally {
      db.prepare = prepare;
    }
    const plans = seen
      .filter((source) => /FROM posts AS p/i.test(source))
      .map((source) => {
        const params = Array.from({ length: (source.match(/\?/g) ?? []).length }, () => T0);
        return (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join(' | ');
      });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toMatch(/USING INDEX posts_outbox_due/);
      expect(plan).toMatch(/SEARCH t USING INDEX sqlite_autoindex_post_targets_\d \(post_id=\?/);
      expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});

const DAY = 24 * 60 * 60 * 1000;
