import { open } from 'node:fs/promises';

/**
 * Makes the database's write-ahead log durable, off the event loop. Injected (through
 * `openDatabase`) so tests can record when each fsync starts and ends.
 */
export interface WalFsync {
  /** Every write made to the `-wal` file before this call is on stable storage once it resolves. */
  fsync(): Promise<void>;
}

/**
 * fsyncs `<databasePath>-wal` in libuv's thread pool (`FileHandle.sync`: fsync on Linux,
 * F_FULLFSYNC on macOS, FlushFileBuffers on Windows — docs/architecture.md, "The outbox's write
 * path"). The file is opened for each fsync, by path, rather than held open: SQLite deletes the
 * -wal when its last connection closes, and a handle kept across that would sync a file nobody
 * reads any more. A missing -wal fails the fsync (so nothing waiting on it is sent): the database
 * is closed, or not in WAL mode, and either way nothing here can say the commit is durable.
 */
export function walFileFsync(databasePath: string): WalFsync {
  const walPath = `${databasePath}-wal`;
  return {
    async fsync() {
      // 'r+' (never creates): Windows only flushes a handle opened with write access. Nothing is written.
      const handle = await open(walPath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
  };
}

/** An in-memory database has no file: nothing to make durable. */
export const noFileToFsync: WalFsync = { fsync: async () => {} };
