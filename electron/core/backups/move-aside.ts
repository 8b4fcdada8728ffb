import fs from 'node:fs';
import { compactUtcStamp } from './backup-names';

/** SQLite's companions of a database file, which belong to it and move with it. */
const COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Moves a database file and its companions to `<file>.<label>-<stamp>` (companions keep their
 * suffix after that, so SQLite still pairs them if the file is opened later). Nothing is ever
 * deleted: an existing target gets a numbered name instead. Returns where the database went,
 * or null when there was no file to move.
 */
export function moveDatabaseAside(databasePath: string, label: string, at: number): string | null {
  if (!fs.existsSync(databasePath)) return null;
  let target = `${databasePath}.${label}-${compactUtcStamp(at)}`;
  for (let n = 2; [target, ...COMPANIONS.map((s) => target + s)].some((p) => fs.existsSync(p)); n += 1) {
    target = `${databasePath}.${label}-${compactUtcStamp(at)}-${n}`;
  }
  fs.renameSync(databasePath, target);
  for (const suffix of COMPANIONS) {
    if (fs.existsSync(databasePath + suffix)) fs.renameSync(databasePath + suffix, target + suffix);
  }
  return target;
}

/** Puts a file moved by `moveDatabaseAside` back (used when a restore must be undone). */
export function moveDatabaseBack(keptAt: string, databasePath: string): void {
  for (const suffix of COMPANIONS) fs.rmSync(databasePath + suffix, { force: true });
  fs.rmSync(databasePath, { force: true });
  fs.renameSync(keptAt, databasePath);
  for (const suffix of COMPANIONS) {
    if (fs.existsSync(keptAt + suffix)) fs.renameSync(keptAt + suffix, databasePath + suffix);
  }
}
