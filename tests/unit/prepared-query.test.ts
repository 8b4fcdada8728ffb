import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { preparedQuery, type ParamOf } from '@shared/db/prepared-query';
import { withStatementCache } from '@shared/db/statement-cache';

interface Schema {
  items: { id: number; owner: string; score: number };
}

describe('prepared queries and the statement cache', () => {
  let dir: string;
  let sqlite: BetterSqlite3.Database;
  let db: Kysely<Schema>;
  let prepared: string[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-prepared-'));
    sqlite = new BetterSqlite3(path.join(dir, 'test.db'));
    sqlite.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, score INTEGER NOT NULL)');
    const insert = sqlite.prepare('INSERT INTO items (owner, score) VALUES (?, ?)');
    for (let i = 0; i < 20; i++) insert.run(i % 2 === 0 ? 'ann' : 'bob', i);
    // Count what reaches better-sqlite3's prepare, to see the cache at work.
    prepared = [];
    const realPrepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      prepared.push(source);
      return realPrepare(source);
    }) as typeof sqlite.prepare;
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 2) }) });
  });

  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const topScores = preparedQuery((k: Kysely<Schema>, param: ParamOf<{ owner: string; limit: number }>) =>
    k.selectFrom('items').select(['id', 'score']).where('owner', '=', param('owner')).orderBy('score', 'desc').limit(param('limit')),
  );

  it('fills in each call’s own arguments', async () => {
    expect((await topScores(db, { owner: 'ann', limit: 2 })).map((r) => r.score)).toEqual([18, 16]);
    expect((await topScores(db, { owner: 'bob', limit: 3 })).map((r) => r.score)).toEqual([19, 17, 15]);
    expect(await topScores(db, { owner: 'nobody', limit: 5 })).toEqual([]);
  });

  it('prepares the SQL once however often it runs', async () => {
    for (let i = 0; i < 10; i++) await topScores(db, { owner: i % 2 ? 'ann' : 'bob', limit: i + 1 });
    expect(prepared).toHaveLength(1);
  });

  it('keeps constants written into the query', async () => {
    const annOnly = preparedQuery((k: Kysely<Schema>, param: ParamOf<{ min: number }>) =>
      k.selectFrom('items').select('owner').where('owner', '=', 'ann').where('score', '>=', param('min')),
    );
    const rows = await annOnly(db, { min: 10 });
    expect(rows.length).toBe(5);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set(['ann']));
  });

  it('drops the least recently used statement past its capacity, and still answers', async () => {
    const byId = (id: number) => db.selectFrom('items').select('score').where('id', '=', id).executeTakeFirst();
    const count = () => db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await byId(1);
    await count();
    await topScores(db, { owner: 'ann', limit: 1 }); // third distinct SQL: evicts byId's
    expect(prepared).toHaveLength(3);
    await count(); // still cached
    expect(prepared).toHaveLength(3);
    expect(await byId(2)).toEqual({ score: 1 }); // prepared again after eviction
    expect(prepared).toHaveLength(4);
  });
});
