import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a
 * small indexed query. Kysely compiles a given query shape to the same SQL text each time, so
 * caching prepared statements by that text makes the data layer run at raw better-sqlite3
 * speed. Least recently used statements are dropped past `capacity`.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 200): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // re-insert below to mark as most recently used
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= capacity) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sql, statement);
      return statement as unknown as SqliteStatement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
