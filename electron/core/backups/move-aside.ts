import fs from 'node:fs';
import path from 'node:path';
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
  // The database first, then its companions: a kill in between leaves companions without a
  // database, which `recoverInterruptedMoves` sends after it before SQLite could pair them with
  // a new, empty file.
  fs.renameSync(databasePath, target);
  for (const suffix of COMPANIONS) {
    if (fs.existsSync(databasePath + suffix)) fs.renameSync(databasePath + suffix, target + suffix);
  }
  return target;
}

/**
 * Run at start, before the database is opened: finishes file moves a kill interrupted (an
 * installer force-closing the app, a power cut). A restore's checked copy waiting without a
 * database takes the database's name (the restore had passed its check); a copy left next to
 * a database is stale and removed. Companions (`-wal`, `-shm`) without their database follow it
 * to the newest file it was moved aside as. Returns what was done, for the log.
 */
export function recoverInterruptedMoves(databasePath: string, restoringCopy: string): string[] {
  const done: string[] = [];
  const databaseThere = fs.existsSync(databasePath);
  if (fs.existsSync(restoringCopy)) {
    if (databaseThere) {
      fs.rmSync(restoringCopy, { force: true });
      done.push('removed an unfinished restore copy');
    } else {
      // Companions of the old database must not meet the restored file.
      sendCompanionsAfter(databasePath, done);
      fs.renameSync(restoringCopy, databasePath);
      done.push('finished a restore');
      return done;
    }
  }
  if (!databaseThere) sendCompanionsAfter(databasePath, done);
  return done;
}

function sendCompanionsAfter(databasePath: string, done: string[]): void {
  const orphans = COMPANIONS.filter((suffix) => fs.existsSync(databasePath + suffix));
  if (orphans.length === 0) return;
  const folder = path.dirname(databasePath);
  const base = path.basename(databasePath);
  const movedAside = fs
    .readdirSync(folder)
    .filter((name) => /^\.(?:damaged|before-restore)-\d{8}-\d{6}(?:-\d+)?$/.test(name.slice(base.length)) && name.startsWith(base))
    .map((name) => path.join(folder, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs || b.localeCompare(a));
  const target = movedAside.find((candidate) => orphans.every((suffix) => !fs.existsSync(candidate + suffix)));
  for (const suffix of orphans) {
    // With nowhere to go they are still never deleted: kept under a name SQLite will not pair.
    const destination = target === undefined ? `${databasePath}.orphaned${suffix}-${Date.now()}` : target + suffix;
    fs.renameSync(databasePath + suffix, destination);
  }
  done.push(target === undefined ? 'kept companions of a missing database aside' : `returned companions to ${path.basename(target)}`);
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
