import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { DraftStore } from '../../electron/core/drafts/draft-store';
import { CoreError } from '../../electron/core/errors';
import type { Clock } from '../../electron/core/ports/clock';
import type { DraftInput, DraftSort } from '@shared/ipc/drafts-channels';

// The owner's drafts on real SQLite: autosave, list/sort/page, search, duplicate, bin and undo.

class TestClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 5, 9, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): number {
    this.time += ms;
    return this.time;
  }
}

let dir: string;
let opened: OpenedDatabase;
let clock: TestClock;
let store: DraftStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-drafts-'));
  opened = openDatabase(path.join(dir, 'agencyiq.db'));
  clock = new TestClock();
  store = new DraftStore(opened.db, clock);
});

afterEach(async () => {
  await opened.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const draft = (body: string, targets: DraftInput['targets'] = []): DraftInput => ({ id: randomUUID(), body, targets });

const list = (request: Partial<{ query: string; sort: DraftSort; limit: number; offset: number }> = {}) =>
  store.list({ query: '', sort: 'updated_desc', limit: 50, offset: 0, ...request });

const ids = async (request: Parameters<typeof list>[0] = {}) => (await list(request)).items.map((d) => d.id);

async function expectCoreError(promise: Promise<unknown>, code: string): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreError);
  expect((error as CoreError).code).toBe(code);
  expect((error as CoreError).message.length).toBeGreaterThan(0);
}

const count = (table: string, where = '1 = 1', ...params: unknown[]): number =>
  (opened.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;

describe('the database the drafts live in', () => {
  it('enforces foreign keys and uses WAL', () => {
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});

describe('save (autosave)', () => {
  it('creates a draft at revision 1 with the clock time', async () => {
    const input = draft('Fresh sourdough from 7am', [{ platform: 'x', text: null, title: null }]);
    const saved = await store.save(input);
    expect(saved).toEqual({ id: input.id, revision: 1, updatedAt: clock.now() });
    expect(await store.get(input.id)).toEqual({
      ...input,
      revision: 1,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
  });

  it('replaces the same draft on the next save: revision increments, createdAt stays', async () => {
    const input = draft('First words', [{ platform: 'x', text: null, title: null }]);
    await store.save(input);
    const createdAt = clock.now();
    const later = clock.advance(1_500);
    const saved = await store.save({ ...input, body: 'First words, then more', targets: [] });
    expect(saved).toEqual({ id: input.id, revision: 2, updatedAt: later });
    const third = clock.advance(10);
    expect((await store.save({ ...input, body: 'Third' })).revision).toBe(3);
    const stored = await store.get(input.id);
    expect(stored).toMatchObject({ body: 'Third', revision: 3, createdAt, updatedAt: third });
    expect(stored.targets).toEqual(input.targets);
    expect(count('posts')).toBe(1);
  });

  it('is idempotent in effect for a retried save (same id, same content)', async () => {
    const input = draft('Retry me', [{ platform: 'linkedin', text: null, title: null }]);
    await store.save(input);
    await store.save(input);
    expect(count('posts')).toBe(1);
    expect(count('post_targets')).toBe(1);
    expect(count('posts_fts')).toBe(1);
    expect((await store.get(input.id)).body).toBe('Retry me');
  });

  it('round-trips targets in the chosen order, with per-platform text and the YouTube title', async () => {
    const targets: DraftInput['targets'] = [
      { platform: 'youtube', text: 'Full description for the video', title: 'How we bake' },
      { platform: 'x', text: 'Short version for X', title: null },
      { platform: 'facebook', text: null, title: null },
      { platform: 'linkedin', text: '', title: null },
      { platform: 'instagram', text: 'Caption ✨ #bread', title: null },
    ];
    const input = draft('The shared body', targets);
    await store.save(input);
    expect((await store.get(input.id)).targets).toEqual(targets);

    const reordered = [targets[2], targets[0]].filter((t) => t !== undefined);
    await store.save({ ...input, targets: reordered });
    expect((await store.get(input.id)).targets).toEqual(reordered);
    expect(count('post_targets', 'post_id = ?', input.id)).toBe(2);
  });

  it('keeps text exactly as typed (whitespace, emoji, quotes, very long)', async () => {
    const body = `  Line one\n\nLine "two" it's 🍞 ${'x'.repeat(100_000 - 30)}\t`;
    const input = draft(body);
    await store.save(input);
    expect((await store.get(input.id)).body).toBe(body);
  });

  it('keeps drafts across closing and reopening the database', async () => {
    const input = draft('Survives a restart', [{ platform: 'x', text: 'for X', title: null }]);
    await store.save(input);
    await opened.close();
    opened = openDatabase(path.join(dir, 'agencyiq.db'));
    store = new DraftStore(opened.db, clock);
    expect(await store.get(input.id)).toMatchObject({ body: 'Survives a restart', targets: input.targets });
    expect(await ids({ query: 'survives' })).toEqual([input.id]);
  });

  it('refuses to save over a deleted draft, and leaves it as it was', async () => {
    const input = draft('Before delete');
    await store.save(input);
    await store.delete(input.id);
    await expectCoreError(store.save({ ...input, body: 'After delete' }), 'conflict');
    const restored = await store.restore(input.id);
    expect(restored).toMatchObject({ body: 'Before delete', revision: 1 });
  });

  it('refuses to change a post that is no longer a draft', async () => {
    const input = draft('Scheduled already');
    await store.save(input);
    opened.sqlite
      .prepare("UPDATE posts SET state = 'scheduled', scheduled_at = 1, schedule_time_zone = 'Australia/Brisbane' WHERE id = ?")
      .run(input.id);
    await expectCoreError(store.save({ ...input, body: 'Edited' }), 'conflict');
    expect(opened.sqlite.prepare('SELECT body FROM posts WHERE id = ?').get(input.id)).toEqual({ body: 'Scheduled already' });
  });

  it('answers not_found for a draft that does not exist', async () => {
    await expectCoreError(store.get(randomUUID()), 'not_found');
  });
});

describe('list: sort and paging', () => {
  /** Five drafts created a minute apart, then edited in a different order. */
  async function seedFive(): Promise<string[]> {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const input = draft(`Draft number ${i}`);
      await store.save(input);
      made.push(input.id);
      clock.advance(60_000);
    }
    // Edit draft 1 last, so it is the most recently updated but not the newest created.
    const second = made[1];
    if (second === undefined) throw new Error('seed failed');
    await store.save({ id: second, body: 'Draft number 1, edited', targets: [] });
    return made;
  }

  it('lists the most recently updated first by default', async () => {
    const [d0, d1, d2, d3, d4] = await seedFive();
    expect(await ids()).toEqual([d1, d4, d3, d2, d0]);
  });

  it('supports the other sorts', async () => {
    const [d0, d1, d2, d3, d4] = await seedFive();
    expect(await ids({ sort: 'updated_asc' })).toEqual([d0, d2, d3, d4, d1]);
    expect(await ids({ sort: 'created_desc' })).toEqual([d4, d3, d2, d1, d0]);
    expect(await ids({ sort: 'created_asc' })).toEqual([d0, d1, d2, d3, d4]);
  });

  it('orders drafts saved at the same instant the same way every time', async () => {
    const same = [draft('a'), draft('b'), draft('c')];
    for (const input of same) await store.save(input);
    const first = await ids();
    expect(first).toHaveLength(3);
    expect(await ids()).toEqual(first);
    expect(await ids({ sort: 'updated_asc' })).toEqual([...first].reverse());
  });

  it('pages with hasMore, without gaps or repeats', async () => {
    const made = await seedFive();
    const page1 = await list({ limit: 2, offset: 0 });
    const page2 = await list({ limit: 2, offset: 2 });
    const page3 = await list({ limit: 2, offset: 4 });
    expect(page1.hasMore).toBe(true);
    expect(page2.hasMore).toBe(true);
    expect(page3.hasMore).toBe(false);
    expect(page3.items).toHaveLength(1);
    const seen = [...page1.items, ...page2.items, ...page3.items].map((d) => d.id);
    expect(new Set(seen)).toEqual(new Set(made));
    expect(seen).toEqual(await ids());
  });

  it('says there is no more when the last page is exactly full', async () => {
    await seedFive();
    expect((await list({ limit: 5 })).hasMore).toBe(false);
    expect((await list({ limit: 4 })).hasMore).toBe(true);
    expect(await list({ limit: 5, offset: 5 })).toEqual({ items: [], hasMore: false });
  });

  it('summarises each draft: the start of its text, shortened with …, and its platforms in order', async () => {
    const body = `Hello\n\nworld ${'word '.repeat(100)}`;
    const long = draft(body, [
      { platform: 'linkedin', text: null, title: null },
      { platform: 'x', text: null, title: null },
    ]);
    await store.save(long);
    const [summary] = (await list()).items;
    expect(summary).toMatchObject({ id: long.id, platforms: ['linkedin', 'x'], createdAt: clock.now(), updatedAt: clock.now() });
    expect(summary?.excerpt).toBe(`${body.slice(0, 160)}…`);

    const exact = draft('e'.repeat(160));
    clock.advance(1);
    await store.save(exact);
    expect((await list()).items[0]).toMatchObject({ id: exact.id, excerpt: 'e'.repeat(160) });

    const short = draft('Short one');
    clock.advance(1);
    await store.save(short);
    expect((await list()).items[0]).toMatchObject({ id: short.id, excerpt: 'Short one', platforms: [] });
  });
  it('never cuts an emoji in half when shortening the excerpt', async () => {
    const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const emoji = draft('🍞'.repeat(200));
    await store.save(emoji);
    const [summary] = (await list()).items;
    expect(summary?.excerpt.endsWith('…')).toBe(true);
    expect(summary?.excerpt).not.toMatch(LONE_SURROGATE);
  });
});

describe('list: search', () => {
  let bakery: DraftInput;
  let cafe: DraftInput;
  let video: DraftInput;

  beforeEach(async () => {
    bakery = draft('Sourdough loaves out of the oven at seven', [
      { platform: 'x', text: 'Hot bread now, come quick', title: null },
    ]);
    cafe = draft('New autumn menu at the café', [{ platform: 'instagram', text: null, title: null }]);
    video = draft('Behind the scenes', [{ platform: 'youtube', text: 'A long description', title: 'Kneading masterclass' }]);
    for (const input of [bakery, cafe, video]) {
      await store.save(input);
      clock.advance(1_000);
    }
  });

  it('finds drafts by a word of the body, ignoring case', async () => {
    expect(await ids({ query: 'sourdough' })).toEqual([bakery.id]);
    expect(await ids({ query: 'SOURDOUGH' })).toEqual([bakery.id]);
  });

  it('finds drafts by their per-platform text and YouTube title', async () => {
    expect(await ids({ query: 'quick' })).toEqual([bakery.id]);
    expect(await ids({ query: 'masterclass' })).toEqual([video.id]);
  });

  it('matches the start of a word as the owner types', async () => {
    expect(await ids({ query: 'sour' })).toEqual([bakery.id]);
    expect(await ids({ query: 'knead' })).toEqual([video.id]);
  });

  it('ignores accents both ways', async () => {
    expect(await ids({ query: 'cafe' })).toEqual([cafe.id]);
    expect(await ids({ query: 'café' })).toEqual([cafe.id]);
    const plain = draft('Cafe without an accent');
    await store.save(plain);
    expect(new Set(await ids({ query: 'café' }))).toEqual(new Set([cafe.id, plain.id]));
  });

  it('needs every word to match', async () => {
    expect(await ids({ query: 'hot oven' })).toEqual([bakery.id]);
    expect(await ids({ query: 'sourdough masterclass' })).toEqual([]);
  });

  it('finds nothing for a word that is nowhere', async () => {
    expect(await list({ query: 'zucchini' })).toEqual({ items: [], hasMore: false });
  });

  it('follows edits: old words stop matching, new ones match', async () => {
    await store.save({ ...bakery, body: 'Croissants today', targets: [] });
    expect(await ids({ query: 'sourdough' })).toEqual([]);
    expect(await ids({ query: 'quick' })).toEqual([]);
    expect(await ids({ query: 'croissant' })).toEqual([bakery.id]);
  });

  it('pages search results too', async () => {
    const more = [draft('bread one'), draft('bread two'), draft('bread three')];
    for (const input of more) {
      await store.save(input);
      clock.advance(1);
    }
    const page = await list({ query: 'bread', limit: 2 });
    expect(page.hasMore).toBe(true);
    const all = await ids({ query: 'bread' });
    expect(all).toEqual([more[2]?.id, more[1]?.id, more[0]?.id, bakery.id]);
  });
});

describe('delete, restore and the bin', () => {
  it('hides a deleted draft from the list, search and get', async () => {
    const keep = draft('Keep this one about bread');
    const gone = draft('Delete this one about bread');
    await store.save(keep);
    await store.save(gone);
    const deleted = await store.delete(gone.id);
    expect(deleted).toEqual({ id: gone.id, deletedAt: clock.now() });
    expect(await ids()).toEqual([keep.id]);
    expect(await ids({ query: 'bread' })).toEqual([keep.id]);
    expect(await ids({ query: 'delete' })).toEqual([]);
    await expectCoreError(store.get(gone.id), 'not_found');
  });

  it('restores exactly what was deleted (undo)', async () => {
    const input = draft('Undo me', [
      { platform: 'youtube', text: 'desc', title: 'Title' },
      { platform: 'x', text: null, title: null },
    ]);
    await store.save(input);
    const before = await store.get(input.id);
    clock.advance(5_000);
    await store.delete(input.id);
    clock.advance(5_000);
    const restored = await store.restore(input.id);
    expect(restored).toEqual(before);
    expect(await store.get(input.id)).toEqual(before);
    expect(await ids({ query: 'undo' })).toEqual([input.id]);
    // And it can be edited again.
    expect((await store.save({ ...input, body: 'Undo me, edited' })).revision).toBe(2);
  });

  it('answers not_found when deleting twice or deleting something unknown', async () => {
    const input = draft('Once');
    await store.save(input);
    await store.delete(input.id);
    await expectCoreError(store.delete(input.id), 'not_found');
    await expectCoreError(store.delete(randomUUID()), 'not_found');
  });

  it('answers not_found when restoring a draft that is not in the bin', async () => {
    const input = draft('Live');
    await store.save(input);
    await expectCoreError(store.restore(input.id), 'not_found');
    await expectCoreError(store.restore(randomUUID()), 'not_found');
    expect((await store.get(input.id)).body).toBe('Live');
  });

  it('empties only bin entries deleted before the cutoff, with their targets and search rows', async () => {
    const live = draft('Live bread', [{ platform: 'x', text: 'live x', title: null }]);
    const old = draft('Old bread', [{ platform: 'linkedin', text: 'old li', title: null }]);
    const recent = draft('Recent bread', [{ platform: 'facebook', text: null, title: null }]);
    for (const input of [live, old, recent]) await store.save(input);

    await store.delete(old.id);
    const cutoff = clock.advance(1_000);
    await store.delete(recent.id);
    clock.advance(1_000);

    expect(await store.emptyBin(cutoff)).toBe(1);

    expect(count('posts', 'id = ?', old.id)).toBe(0);
    expect(count('post_targets', 'post_id = ?', old.id)).toBe(0);
    expect(count('posts_fts', 'post_id = ?', old.id)).toBe(0);
    expect(count('posts_fts', "posts_fts MATCH 'old'")).toBe(0);
    await expectCoreError(store.restore(old.id), 'not_found');

    // The recent bin entry and the live draft are untouched.
    expect(count('posts_fts', 'post_id = ?', recent.id)).toBe(1);
    expect(await store.restore(recent.id)).toMatchObject({ body: 'Recent bread' });
    expect(await store.get(live.id)).toMatchObject({ body: 'Live bread', targets: live.targets });
    expect(new Set(await ids({ query: 'bread' }))).toEqual(new Set([live.id, recent.id]));

    expect(await store.emptyBin(clock.now() + 1)).toBe(0);
    expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(opened.sqlite.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('duplicate', () => {
  it('makes an independent copy with a new id', async () => {
    const original = draft('Original text', [
      { platform: 'x', text: 'x text', title: null },
      { platform: 'youtube', text: null, title: 'A title' },
    ]);
    await store.save(original);
    const copyTime = clock.advance(60_000);
    const copy = await store.duplicate(original.id);

    expect(copy.id).not.toBe(original.id);
    expect(copy).toMatchObject({
      body: original.body,
      targets: original.targets,
      revision: 1,
      createdAt: copyTime,
      updatedAt: copyTime,
    });
    expect(await ids()).toEqual([copy.id, original.id]);

    await store.save({ id: copy.id, body: 'Copy changed', targets: [] });
    expect(await store.get(original.id)).toMatchObject({ body: 'Original text', targets: original.targets, revision: 1 });

    await store.delete(original.id);
    expect(await store.get(copy.id)).toMatchObject({ body: 'Copy changed' });
    expect(await ids({ query: 'copy' })).toEqual([copy.id]);
  });

  it('answers not_found for an unknown or deleted draft', async () => {
    await expectCoreError(store.duplicate(randomUUID()), 'not_found');
    const input = draft('Binned');
    await store.save(input);
    await store.delete(input.id);
    await expectCoreError(store.duplicate(input.id), 'not_found');
  });
});
