import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Compilable, type CompiledQuery } from 'kysely';
import { compileOnce, type PreparedBuild } from '@shared/db/prepared-query';
import type { OpenedDatabase } from './open-database';
import type { DatabaseSchema } from './schema';

/** What a synchronous transaction needs of the opened database. */
export type SyncDatabase = Pick<OpenedDatabase, 'db' | 'sqlite' | 'statements'>;

/**
 * Builds typed queries for `SyncTx` (it compiles, it never connects). Its SQL is what the core's
 * kysely instance compiles, so both share prepared statements.
 */
export const queryBuilder = new Kysely<DatabaseSchema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** Statements run synchronously: inside one transaction (`inSyncTransaction`), or reads (`inSyncRead`). */
export class SyncTx {
  constructor(
    private readonly statements: SyncDatabase['statements'],
    private readonly sqlite: SyncDatabase['sqlite'],
  ) {}

  /**
   * Runs `work` in a savepoint: if it throws, only its own statements are undone and its error
   * is returned, so one bad write in a batch does not undo the others.
   */
  attempt<T>(work: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
    try {
      return { ok: true, value: this.sqlite.transaction(work)() };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** The rows a query returns (none for a write without RETURNING). */
  all<Row>(query: Compilable<Row> | CompiledQuery<Row>): Row[] {
    const compiled = 'compile' in query ? query.compile() : query;
    const statement = this.statements.prepare(compiled.sql);
    if (statement.reader) return statement.all(compiled.parameters) as Row[];
    statement.run(compiled.parameters);
    return [];
  }

  /** The first row, or undefined. */
  first<Row>(query: Compilable<Row> | CompiledQuery<Row>): Row | undefined {
    return this.all(query)[0];
  }

  /** Runs a write; how many rows it changed. */
  run(query: Compilable<unknown> | CompiledQuery<unknown>): number {
    const compiled = 'compile' in query ? query.compile() : query;
    return Number(this.statements.prepare(compiled.sql).run(compiled.parameters).changes);
  }
}

/**
 * A query built and compiled once (see compileOnce) for `SyncTx`: the outbox runs these for
 * every post it publishes. Built from `param(name)` placeholders, never from argument values, so
 * its SQL is one shape; each call's `args` are type-checked against the placeholders.
 */
export function preparedStatement<Args extends object = Record<string, never>, Row = unknown>(
  build: PreparedBuild<DatabaseSchema, Args, Row>,
): (tx: SyncTx, args: Args) => Row[] {
  const compile = compileOnce(build);
  return (tx, args) => tx.all(compile(queryBuilder, args));
}

/**
 * Runs `work` as one SQLite transaction, synchronously, while holding kysely's connection (so no
 * kysely transaction is open around it or interleaves with it; the database has one connection).
 *
 * Why: through kysely each statement is a chain of promises, about 10 µs on top of the
 * statement itself; the publishing engine runs some 25 per post. Here a statement costs what
 * SQLite costs, and nothing else can run between them.
 *
 * `durable`: the commit is fsynced before this resolves (synchronous=FULL for this commit; the
 * database otherwise runs NORMAL, where a power cut may roll back the last commits) — for a
 * write that must survive a power cut, such as claiming posts before any of them is sent.
 */
export async function inSyncTransaction<T>(database: SyncDatabase, work: (tx: SyncTx) => T, options: { durable?: boolean } = {}): Promise<T> {
  const { sqlite, statements } = database;
  return database.db.connection().execute(async () => {
    if (options.durable) sqlite.pragma('synchronous = FULL');
    try {
      return sqlite.transaction(() => work(new SyncTx(statements, sqlite))).immediate();
    } finally {
      if (options.durable) sqlite.pragma('synchronous = NORMAL');
    }
  });
}

/**
 * Runs `work`'s reads synchronously, outside any transaction, while holding kysely's connection
 * (so they see no half-done kysely transaction, and nothing interleaves between them). For the
 * reads the engine makes between its writes: a prepared statement here costs what SQLite costs.
 */
export async function inSyncRead<T>(database: SyncDatabase, work: (tx: SyncTx) => T): Promise<T> {
  const { sqlite, statements } = database;
  return database.db.connection().execute(async () => work(new SyncTx(statements, sqlite)));
}
