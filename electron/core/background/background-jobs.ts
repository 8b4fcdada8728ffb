import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { BackupStore, type BackupProgress } from '../backups/backup-store';
import { checkDatabaseFile } from '../backups/check-database-file';
import { forgetPlatformInCopies } from '../backups/forget-platform-in-copies';
import { diagnosticsEntries, writeDiagnosticsZip } from '../diagnostics/write-diagnostics-zip';
import type { Logger } from '../ports/logger';
import type { JobName, JobRequest, JobResult } from './background-protocol';

/** What a job gets besides its request. */
export interface JobContext {
  /** Aborted when the core cancels the job (the app is closing). */
  signal: AbortSignal;
  onProgress(progress: BackupProgress): void;
  logger: Logger;
}

type Jobs = { [J in JobName]: (request: JobRequest<J>, context: JobContext) => Promise<JobResult<J>> | JobResult<J> };

/**
 * The work the background worker does, each on connections of its own (better-sqlite3 handles
 * belong to one thread). Run only inside the worker; the core asks for them by name.
 */
export const JOB_HANDLERS: Jobs = {
  backUp: async ({ databasePath, dataDir, now }, { signal, onProgress, logger }) => {
    const source = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
    try {
      // One read transaction for the whole copy: the backup is the database as of this instant.
      // Without it the core's commits (another connection) would restart the copy at every step.
      source.exec('BEGIN');
      source.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
      return await new BackupStore(dataDir, { now: () => now }, logger).create(source, onProgress, signal);
    } finally {
      source.close();
    }
  },
  checkFile: ({ file, depth }) => checkDatabaseFile(file, depth),
  copyAndCheck: ({ from, to }) => {
    try {
      fs.copyFileSync(from, to);
      const check = checkDatabaseFile(to, 'quick');
      if (!check.ok) fs.rmSync(to, { force: true });
      return check;
    } catch (error) {
      fs.rmSync(to, { force: true });
      throw error;
    }
  },
  forgetPlatformInCopies: ({ dataDir, liveDatabasePath, platform }) => forgetPlatformInCopies(dataDir, liveDatabasePath, platform),
  writeDiagnosticsZip: async ({ target, about, logsFolder, mtime }) => {
    await writeDiagnosticsZip(target, diagnosticsEntries(about, logsFolder), new Date(mtime));
    return {};
  },
  readQuery: ({ databasePath, sql, parameters }) => {
    // Opened for each query: after a restore the file at this path is another database.
    const sqlite = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
    try {
      const statement = sqlite.prepare(sql);
      if (!statement.reader) throw new Error('Only queries that return rows are run here.');
      return statement.all(...parameters) as Array<Record<string, unknown>>;
    } finally {
      sqlite.close();
    }
  },
};
