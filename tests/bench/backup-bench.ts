import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BackgroundThread } from '../../electron/core/background/background-thread';
import { BackupStore } from '../../electron/core/backups/backup-store';
import { checkDatabaseFile } from '../../electron/core/backups/check-database-file';
import { openDatabase } from '../../electron/core/db/open-database';
import { silentLogger } from '../../electron/core/ports/logger';
import { systemTimers } from '../../electron/core/ports/timers';
import { median, report, timeMs } from './measure';

const POSTS = 100_000;
const ROUNDS = 3;

/** Event-loop delay p99 (ms) of this thread while `work` runs. */
async function loopDelayP99(work: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  try {
    await work();
  } finally {
    delay.disable();
  }
  return delay.percentile(99) / 1e6;
}

/**
 * `npm run bench -- backup`: what the start-up check and a backup cost on 100,000 posts.
 * `quick_check` and `integrity_check` are reported against opening the database (the baseline
 * every start pays anyway), measured in the same run. `backup.loop_delay_p99_ms` is the
 * event-loop delay p99 of the core's thread (this one, with the database open) while the
 * background worker makes a verified backup, as the app does (target ≤ 20);
 * `backup.loop_delay_p99_in_thread_ms` is the same backup made on this thread, as before.
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
    const inThreadDelay = await loopDelayP99(() => store.create(database.sqlite));
    const background = new BackgroundThread({
      // Built beside this bundle (build/bundle.mjs bench).
      workerFile: fileURLToPath(new URL('./background-worker.mjs', import.meta.url)),
      logger: silentLogger,
      timers: systemTimers,
    });
    // Started and warm (the app's worker runs searches too), so the figure is the backup's.
    await background.run('checkFile', { file: path.join(dir, 'missing.db'), depth: 'quick' }).catch(() => {});
    let backupMs = 0;
    let progressEvents = 0;
    const workerDelay = await loopDelayP99(async () => {
      backupMs = await timeMs(() =>
        background.run('backUp', { databasePath: file, dataDir: dir, now: Date.now() }, { onProgress: () => (progressEvents += 1) }),
      );
    });
    await background.close();
    await database.close();
    report('backup.posts', POSTS, 0);
    report('backup.db_mb', fs.statSync(file).size / 1048576, 1);
    report('backup.open_ms', median(open));
    report('backup.quick_check_ms', median(quick));
    report('backup.integrity_check_ms', median(full));
    report('backup.quick_check_vs_open', median(quick) / median(open));
    report('backup.integrity_vs_quick', median(full) / median(quick));
    report('backup.create_verified_ms', backupMs);
    report('backup.progress_events', progressEvents, 0);
    report('backup.loop_delay_p99_ms', workerDelay);
    report('backup.loop_delay_p99_in_thread_ms', inThreadDelay);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
