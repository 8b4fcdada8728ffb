import path from 'node:path';
import { ipcMain } from 'electron';
import log from 'electron-log/main';
import { redact } from '../core/logging/redact';
import type { Logger } from '../core/ports/logger';
import { rotateLogFiles } from '../core/logging/rotate-log-files';

/** Rotate at about 5 MB and keep this many older files: enough history for a support request. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_ARCHIVES_KEPT = 3;

// electron-log's IPC channel lets any renderer write into the main log file. Ours never needs
// to (its preload does not use it), so the channel is closed rather than left as an open door.
const ELECTRON_LOG_IPC_CHANNEL = '__ELECTRON_LOG__';

/**
 * Configures electron-log for the main process and returns the core's `Logger` port backed by it.
 * Every message — ours, electron-log's own, and uncaught errors it catches — passes through
 * `redact` in a hook before any transport sees it. Call once, first thing in main.
 */
export function createElectronLogger(options: { verbose: boolean }): Logger {
  log.transports.file.maxSize = LOG_MAX_BYTES;
  log.transports.file.archiveLogFn = (file) => rotateLogFiles(file.path, LOG_ARCHIVES_KEPT);
  log.transports.file.level = options.verbose ? 'debug' : 'info';
  log.transports.console.level = options.verbose ? 'debug' : false;
  // Mirrors main-process logs into renderer devtools; the renderer has no business reading them.
  if (log.transports.ipc) log.transports.ipc.level = false;

  log.hooks.push((message) => ({ ...message, data: message.data.map((item: unknown) => redact(item)) }));

  ipcMain.removeAllListeners(ELECTRON_LOG_IPC_CHANNEL);
  ipcMain.removeHandler(ELECTRON_LOG_IPC_CHANNEL);

  // Uncaught exceptions and rejections are logged (redacted) instead of showing Electron's dialog.
  log.errorHandler.startCatching({ showDialog: false });

  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, details?: Record<string, unknown>): void => {
      if (details === undefined) log[level](message);
      else log[level](message, details);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** The folder electron-log writes to (`main.log` and its rotated siblings), for diagnostics. */
export function electronLogsFolder(): string {
  return path.dirname(log.transports.file.getFile().path);
}
