import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** A better-sqlite3 connection whose `prepare` answers from a cache (see withStatementCache). */
export interface CachedStatements extends SqliteDatabase {
  prepare(sql: string): SqliteStatement & BetterSqlite3.Statement;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a
 * small indexed query. Kysely compiles a given query shape to the same SQL text each time, so
 * caching prepared statements by that text makes the data layer run at raw better-sqlite3
 * speed. Least recently used statements are dropped past `capacity`. The core's synchronous
 * transactions prepare through the same cache.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 200): CachedStatements {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
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
      return statement as unknown as SqliteStatement & BetterSqlite3.Statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
