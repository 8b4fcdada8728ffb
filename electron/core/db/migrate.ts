import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migrations/migration';

/** A migration failed; the database is still at `fromVersion`, untouched by it. */
export class MigrationError extends Error {
  constructor(
    readonly migration: Pick<Migration, 'version' | 'name'>,
    readonly fromVersion: number,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not update the database to version ${migration.version} (${migration.name}): ${why}. ` +
        `It was left at version ${fromVersion}.`,
    );
    this.name = 'MigrationError';
  }
}

/** A database written by a newer version of the app; opening it could damage it. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `This data was saved by a newer version of AgencyIQ (schema ${foundVersion}; this version knows ${knownVersion}). ` +
        'Update the app to open it.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Returns the schema version on disk, or throws DatabaseTooNewError when a newer app wrote it.
 * Call before changing anything about the file (even its journal mode).
 */
export function assertSchemaNotNewer(sqlite: BetterSqlite3.Database, migrations: readonly Migration[]): number {
  const known = migrations.at(-1)?.version ?? 0;
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new DatabaseTooNewError(current, known);
  return current;
}

/**
 * Applies pending migrations, each in its own transaction together with the version bump,
 * so a failure rolls that migration back whole and leaves the previous schema working.
 * Returns the schema version now in force.
 */
export function migrate(sqlite: BetterSqlite3.Database, migrations: readonly Migration[]): number {
  let current = assertSchemaNotNewer(sqlite, migrations);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = sqlite.transaction(() => {
      sqlite.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer from our own code.
      sqlite.pragma(`user_version = ${Math.trunc(migration.version)}`);
    });
    try {
      apply.immediate();
    } catch (error) {
      throw new MigrationError(migration, current, error);
    }
    current = migration.version;
  }
  return current;
}
