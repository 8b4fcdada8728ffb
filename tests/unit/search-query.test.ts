import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { DraftStore } from '../../electron/core/drafts/draft-store';
import { toFtsMatch } from '../../electron/core/drafts/search-query';

// Whatever the owner types in the drafts search box, the search must answer (possibly with
// nothing) and never fail with an FTS5 syntax error.

describe('toFtsMatch', () => {
  it('returns null when nothing searchable is left', () => {
    for (const input of ['', '   ', '\n\t', '"', '***', '()', ':-', '"*"', '-- -', '^', '.', '!!!']) {
      expect(toFtsMatch(input), JSON.stringify(input)).toBeNull();
    }
  });

  it('turns each word into a quoted prefix term', () => {
    expect(toFtsMatch('sourdough')).toBe('"sourdough"*');
    expect(toFtsMatch('  fresh   bread ')).toBe('"fresh"* "bread"*');
  });

  it('treats FTS operators and syntax as plain words or separators', () => {
    expect(toFtsMatch('cats AND dogs')).toBe('"cats"* "AND"* "dogs"*');
    expect(toFtsMatch('NEAR(a b)')).toBe('"NEAR"* "a"* "b"*');
    expect(toFtsMatch('content:secret')).toBe('"content"* "secret"*');
    expect(toFtsMatch('-excluded')).toBe('"excluded"*');
    expect(toFtsMatch('"quoted"')).toBe('"quoted"*');
    expect(toFtsMatch('pre*')).toBe('"pre"*');
  });

  it('keeps letters and digits from any script and normalises to NFC', () => {
    expect(toFtsMatch('café 2024')).toBe('"café"* "2024"*');
    expect(toFtsMatch('cafe\u0301')).toBe('"caf\u00e9"*');
    expect(toFtsMatch('東京 ramen')).toBe('"東京"* "ramen"*');
  });

  it('caps the number of terms', () => {
    const match = toFtsMatch(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '));
    expect(match?.split(' ')).toHaveLength(12);
  });
});

describe('searching drafts with hostile input (real SQLite)', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let store: DraftStore;
  const id = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-search-'));
    opened = openDatabase(path.join(dir, 'agencyiq.db'));
    store = new DraftStore(opened.db, { now: () => 1_700_000_000_000 });
    await store.save({ id, body: 'Cats AND dogs welcome: NEAR the park (all day) - 50% off*', targets: [] });
  });

  afterAll(async () => {
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const search = (query: string) => store.list({ query, sort: 'updated_desc', limit: 50, offset: 0 });

  it.each([
    '"',
    '"AND OR NEAR * ( ) : -',
    'AND',
    'OR',
    'NOT',
    'NEAR',
    'NEAR(cats dogs, 2)',
    '*',
    '(',
    ')',
    ':',
    '-',
    '^cats',
    'content:cats',
    'post_id:x',
    '{content}: cats',
    'cats"',
    '""""',
    "'; DROP TABLE posts; --",
    '\0',
    'a'.repeat(200),
    '🙂',
  ])('does not throw for %j', async (query) => {
    await expect(search(query)).resolves.toHaveProperty('items');
  });

  it('finds text containing FTS keywords as ordinary words', async () => {
    expect((await search('AND')).items.map((d) => d.id)).toEqual([id]);
    expect((await search('NEAR park')).items.map((d) => d.id)).toEqual([id]);
    expect((await search('"cats" AND -dogs')).items.map((d) => d.id)).toEqual([id]);
  });

  it('returns nothing (not everything) for a query with nothing searchable', async () => {
    expect(await search('" * ( ) : -')).toEqual({ items: [], hasMore: false });
  });

  it('still works after hostile searches', async () => {
    await search('"AND OR NEAR * ( ) : -');
    expect((await search('')).items.map((d) => d.id)).toEqual([id]);
    expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
