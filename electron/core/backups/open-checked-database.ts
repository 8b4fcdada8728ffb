import fs from 'node:fs';
import { openDatabase, type OpenedDatabase } from '../db/open-database';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { checkDatabaseFile, isDamageError, type CheckDepth } from './check-database-file';
import { moveDatabaseAside, recoverInterruptedMoves } from './move-aside';
import { restoringCopyPath } from './restore-backup';

/**
 * The check run on the database before the app opens it. `quick_check` reads every page and
 * verifies the b-trees and records; `integrity_check` also cross-checks every index against its
 * table. On 100,000 posts (a 143 MB file, `npm run bench -- backup`) quick_check took 0.39 s and
 * integrity_check 1.13 s (2.9×): the start pays the quick one, which already catches a damaged
 * page, and backups, made in the background, get the full check.
 */
export const START_CHECK_DEPTH: CheckDepth = 'quick';

/** The database that failed its check at start, and where it was moved. */
export interface DamagedDatabase {
  keptAt: string;
  reason: string;
  detectedAt: number;
}

/**
 * Opens the app database after checking it. A file SQLite calls damaged — the check fails, or
 * opening it reports corruption — is moved aside with its `-wal`/`-shm` (never deleted) and a
 * new, empty database is opened in its place. Other errors (permissions, a full disk) are
 * thrown: they say nothing about the file, so it stays where it is.
 */
export function openCheckedDatabase(
  databasePath: string,
  { clock, logger, depth = START_CHECK_DEPTH }: { clock: Clock; logger: Logger; depth?: CheckDepth },
): { database: OpenedDatabase; damaged: DamagedDatabase | null } {
  const setAside = (reason: string): DamagedDatabase | null => {
    const detectedAt = clock.now();
    const keptAt = moveDatabaseAside(databasePath, 'damaged', detectedAt);
    if (keptAt === null) return null;
    logger.error('The database was damaged; it was moved aside and a new one started', { keptAt, reason });
    return { keptAt, reason, detectedAt };
  };

  const recovered = recoverInterruptedMoves(databasePath, restoringCopyPath(databasePath));
  if (recovered.length > 0) logger.warn('File moves interrupted last time were completed', { recovered });

  let damaged: DamagedDatabase | null = null;
  if (fs.existsSync(databasePath)) {
    const check = checkDatabaseFile(databasePath, depth);
    if (!check.ok) damaged = setAside(check.reason);
  }
  try {
    return { database: openDatabase(databasePath), damaged };
  } catch (error) {
    // Damage the check did not see (say, in a page only a migration touches).
    if (damaged !== null || !isDamageError(error)) throw error;
    damaged = setAside(`SQLite could not open it: ${error instanceof Error ? error.message : String(error)}`);
    return { database: openDatabase(databasePath), damaged };
  }
}
