import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupContents, BackupInfo } from '@shared/ipc/backups-channels';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { readBackupContents } from './backup-contents';
import { backupFileName, parseBackupFileName } from './backup-names';
import { ensurePrivateDatabaseFile, ensurePrivateFolder } from '../security/private-files';
import { checkDatabaseFile, type CheckDepth } from './check-database-file';

/** How many backups are kept: a week of daily ones. */
export const BACKUPS_KEPT = 7;
export const BACKUP_FOLDER_NAME = 'backups';
const PARTIAL_SUFFIX = '.partial';
/** Pages copied per step of the online backup; between steps the app keeps writing. */
const PAGES_PER_STEP = 256;

export interface BackupProgress {
  copiedPages: number;
  totalPages: number;
}

/** A backup that did not pass its check; it is never listed or kept. */
export class BackupVerificationError extends Error {
  constructor(readonly reason: string) {
    super(`The backup did not pass its integrity check: ${reason}`);
    this.name = 'BackupVerificationError';
  }
}

/** The backup was abandoned because the app is closing; its partial file is removed. */
export class BackupCancelledError extends Error {
  constructor() {
    super('The backup was stopped because AgencyIQ is closing.');
    this.name = 'BackupCancelledError';
  }
}

/**
 * The folder of database backups. A file gets its final name (`agencyiq-YYYYMMDD-HHMMSS.db`)
 * only after it was written completely and passed `integrity_check`, so everything listed was
 * good when made; the newest `BACKUPS_KEPT` are kept. It knows files, not the running app:
 * the caller hands it the live better-sqlite3 handle to copy from.
 */
export class BackupStore {
  readonly folder: string;
  /** What each file holds, by name, size and modification time (a cleaned copy is read again). */
  readonly #contents = new Map<string, BackupContents>();

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly keep = BACKUPS_KEPT,
  ) {
    this.folder = path.join(dataDir, BACKUP_FOLDER_NAME);
  }

  /** Newest first. Files that are not ours (or half-written) are ignored. */
  list(): BackupInfo[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: Array<BackupInfo & { sequence: number }> = [];
    const seen = new Set<string>();
    for (const name of names) {
      const parsed = parseBackupFileName(name);
      if (parsed === null) continue;
      try {
        const stat = fs.statSync(path.join(this.folder, name));
        if (!stat.isFile()) continue;
        const contents = this.#contentsOf(name, stat, seen);
        found.push({ id: name, createdAt: parsed.createdAt, sizeBytes: stat.size, contents, sequence: parsed.sequence });
      } catch {
        // Removed meanwhile: not listed.
      }
    }
    // Files gone from the folder are forgotten.
    for (const key of this.#contents.keys()) if (!seen.has(key)) this.#contents.delete(key);
    found.sort((a, b) => b.createdAt - a.createdAt || b.sequence - a.sequence);
    return found.map(({ id, createdAt, sizeBytes, contents }) => ({ id, createdAt, sizeBytes, contents }));
  }

  #contentsOf(name: string, stat: fs.Stats, seen: Set<string>): BackupContents | null {
    const key = `${name}:${stat.size}:${stat.mtimeMs}`;
    seen.add(key);
    const known = this.#contents.get(key);
    if (known !== undefined) return known;
    // An unreadable answer is not kept: the file may only have been busy (a clean-up under way).
    const read = readBackupContents(path.join(this.folder, name));
    if (read !== null) this.#contents.set(key, read);
    return read;
  }

  /** The file of a listed backup, or null for an id that is not (any more) in the folder. */
  find(id: string): (BackupInfo & { path: string }) | null {
    const info = this.list().find((backup) => backup.id === id);
    return info ? { ...info, path: path.join(this.folder, info.id) } : null;
  }

  /** Checks a backup again now (files can rot); the restore and the recovery offer use this. */
  verify(id: string, depth: CheckDepth = 'full'): { ok: true } | { ok: false; reason: string } {
    const found = this.find(id);
    if (found === null) return { ok: false, reason: 'That backup is no longer in the backups folder.' };
    return checkDatabaseFile(found.path, depth);
  }

  /** The newest backup that passes a check now, skipping (never deleting) any that do not. */
  newestGood(depth: CheckDepth = 'quick'): BackupInfo | null {
    for (const backup of this.list()) {
      const check = this.verify(backup.id, depth);
      if (check.ok) return backup;
      this.logger.warn('A backup failed its check and is not offered', { id: backup.id, reason: check.reason });
    }
    return null;
  }

  /**
   * Copies the live database with SQLite's online backup (the app may keep writing meanwhile),
   * makes the copy a standalone file, verifies it, then names it and drops the oldest beyond
   * `keep`. A copy that fails verification is removed and the error thrown: never counted.
   */
  async create(source: BetterSqlite3.Database, onProgress?: (progress: BackupProgress) => void, signal?: AbortSignal): Promise<BackupInfo> {
    // A backup holds what the database holds: owner-only, like the data folder and the database.
    ensurePrivateFolder(this.folder);
    this.removeLeftovers();
    const now = this.clock.now();
    const name = this.freeName(now);
    const partial = path.join(this.folder, name + PARTIAL_SUFFIX);
    const finalPath = path.join(this.folder, name);
    try {
      ensurePrivateDatabaseFile(partial);
      await source.backup(partial, {
        progress: ({ totalPages, remainingPages }) => {
          // Throwing here is how better-sqlite3 abandons a backup between steps: the app is closing.
          if (signal?.aborted) throw new BackupCancelledError();
          onProgress?.({ copiedPages: totalPages - remainingPages, totalPages });
          return PAGES_PER_STEP;
        },
      });
      standalone(partial);
      const check = checkDatabaseFile(partial, 'full');
      if (!check.ok) throw new BackupVerificationError(check.reason);
      fs.renameSync(partial, finalPath);
    } catch (error) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(partial + suffix, { force: true });
      throw error;
    }
    const stat = fs.statSync(finalPath);
    const info: BackupInfo = {
      id: name,
      createdAt: parseBackupFileName(name)?.createdAt ?? now,
      sizeBytes: stat.size,
      // Counted once here, while the copy is fresh in the page cache; lists reuse it.
      contents: this.#contentsOf(name, stat, new Set()),
    };
    this.rotate();
    this.logger.info('Database backed up', { id: info.id, sizeBytes: info.sizeBytes });
    return info;
  }

  /** Keeps the newest `keep` backups. Only files with our verified-backup names are touched. */
  private rotate(): void {
    for (const old of this.list().slice(this.keep)) {
      try {
        fs.rmSync(path.join(this.folder, old.id), { force: true });
        this.logger.info('Old backup removed', { id: old.id });
      } catch (error) {
        this.logger.warn('An old backup could not be removed', { id: old.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /**
   * A backup killed part-way (the app was killed or the computer lost power) leaves its partial
   * file. Backups are made one at a time, so any partial file found when one starts is such a
   * leftover: removed, with its SQLite companions. Never a named (verified) backup.
   */
  private removeLeftovers(): void {
    for (const name of fs.readdirSync(this.folder)) {
      const base = name.replace(/-(?:wal|shm|journal)$/, '');
      if (base.endsWith(PARTIAL_SUFFIX) && parseBackupFileName(base.slice(0, -PARTIAL_SUFFIX.length)) !== null) {
        fs.rmSync(path.join(this.folder, name), { force: true });
      }
    }
  }

  private freeName(now: number): string {
    for (let sequence = 1; ; sequence += 1) {
      const name = backupFileName(now, sequence);
      if (!fs.existsSync(path.join(this.folder, name)) && !fs.existsSync(path.join(this.folder, name + PARTIAL_SUFFIX))) return name;
    }
  }
}

/**
 * The copy carries the live database's WAL mode in its header, which would make a read-only
 * open leave `-wal`/`-shm` files behind; a backup is one self-contained file instead.
 */
function standalone(filePath: string): void {
  const copy = new BetterSqlite3(filePath, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}
