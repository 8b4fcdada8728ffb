import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../core/logging/redact';
import type { Logger } from '../core/ports/logger';
import { rotateLogFiles } from '../core/logging/rotate-log-files';

/** The browser host's log file: the same size limits as the Electron app's. */
const LOG_MAX_BYTES = 5 * 1024 * 1024;
const LOG_ARCHIVES_KEPT = 3;

// Log details may hold values JSON cannot print as they are.
const jsonSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value instanceof Map ? Object.fromEntries(value) : value;

/**
 * The browser host's Logger: one redacted line per entry on stderr (stdout stays for the URL)
 * and, when `logFile` is given, the same line appended there, so "Export diagnostics" has logs
 * to collect as it does in the app. `echo: false` keeps only the file (tests).
 */
export function createConsoleLogger(options: { logFile?: string; echo?: boolean } = {}): Logger {
  const { logFile, echo = true } = options;
  if (logFile !== undefined) fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const write = (level: string) => (message: string, details?: Record<string, unknown>) => {
    const suffix = details ? ` ${JSON.stringify(redact(details), jsonSafe)}` : '';
    const line = `[${new Date().toISOString()}] ${level} ${String(redact(message))}${suffix}\n`;
    if (echo) process.stderr.write(line);
    if (logFile !== undefined) appendToLog(logFile, line);
  };
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}

function appendToLog(logFile: string, line: string): void {
  try {
    if (fs.existsSync(logFile) && fs.statSync(logFile).size > LOG_MAX_BYTES) rotateLogFiles(logFile, LOG_ARCHIVES_KEPT);
    fs.appendFileSync(logFile, line);
  } catch {
    // The console line was written; a log file that cannot be written must not stop the host.
  }
}
