import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';

/** A real SQLite database in a fresh temporary folder; `cleanup` closes and removes it. */
export interface TempDatabase {
  dir: string;
  file: string;
  database: OpenedDatabase;
  reopen(): Promise<OpenedDatabase>;
  cleanup(): Promise<void>;
}

export function openTempDatabase(prefix = 'agencyiq-test-'): TempDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'agencyiq.db');
  const temp: TempDatabase = {
    dir,
    file,
    database: openDatabase(file),
    reopen: async () => {
      await temp.database.close();
      temp.database = openDatabase(file);
      return temp.database;
    },
    cleanup: async () => {
      await temp.database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}
