import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackupStore } from '../../electron/core/backups/backup-store';
import { checkDatabaseFile } from '../../electron/core/backups/check-database-file';
import { openDatabase } from '../../electron/core/db/open-database';
import { silentLogger } from '../../electron/core/ports/logger';
import { median, report, timeMs } from './measure';

const POSTS = 100_000;
const ROUNDS = 3;

/**
 * `npm run bench -- backup`: what the start-up check and a backup cost on 100,000 posts.
 * `quick_check` and `integrity_check` are reported against opening the database (the baseline
 * every start pays anyway), measured in the same run.
 */
export async function runBackupBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-bench-backup-'));
  const file = path.join(dir, 'agencyiq.db');
  try {
    execFileSync(process.execPath, [path.join(import.meta.dirname, 'seed-posts.mjs'), file, String(POSTS)], { stdio: 'inherit' });
    const open: number[] = [];
    const quick: number[] = [];
    const full: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      open.push(
        await timeMs(async () => {
          const database = openDatabase(file);
          await database.close();
        }),
      );
      quick.push(await timeMs(() => checkDatabaseFile(file, 'quick')));
      full.push(await timeMs(() => checkDatabaseFile(file, 'full')));
    }
    const database = openDatabase(file);
    const store = new BackupStore(dir, { now: () => Date.now() }, silentLogger);
    const backupMs = await timeMs(() => store.create(database.sqlite));
    await database.close();
    report('backup.posts', POSTS, 0);
    report('backup.db_mb', fs.statSync(file).size / 1048576, 1);
    report('backup.open_ms', median(open));
    report('backup.quick_check_ms', median(quick));
    report('backup.integrity_check_ms', median(full));
    report('backup.quick_check_vs_open', median(quick) / median(open));
    report('backup.integrity_vs_quick', median(full) / median(quick));
    report('backup.create_verified_ms', backupMs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
