import fs from 'node:fs';
import path from 'node:path';
import { readFileTail } from '../logging/read-file-tail';

/** Enough for a support request (the current log and its rotated siblings), small enough to email. */
export const MAX_LOG_BYTES_TOTAL = 12 * 1024 * 1024;

export interface LogFile {
  name: string;
  text: string;
}

/**
 * The `.log` files in the logs folder (not below it), newest first, each cut to its newest part
 * so the total stays under `MAX_LOG_BYTES_TOTAL`. A missing folder is simply no logs.
 */
export function readRecentLogs(folder: string, maxBytes = MAX_LOG_BYTES_TOTAL): LogFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const files = names
    .filter((name) => name.endsWith('.log'))
    .map((name) => {
      try {
        const stat = fs.statSync(path.join(folder, name));
        return stat.isFile() ? { name, size: stat.size, mtime: stat.mtimeMs } : null;
      } catch {
        return null;
      }
    })
    .filter((file): file is { name: string; size: number; mtime: number } => file !== null)
    .sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));

  const logs: LogFile[] = [];
  let budget = maxBytes;
  for (const file of files) {
    if (budget <= 0) break;
    const take = Math.min(file.size, budget);
    budget -= take;
    logs.push({ name: file.name, text: readTail(path.join(folder, file.name), file.size, take) });
  }
  return logs;
}

function readTail(filePath: string, size: number, bytes: number): string {
  const text = readFileTail(filePath, size, bytes).toString('utf8');
  // A cut file starts mid-line; drop the partial first line rather than show half of something.
  return bytes < size ? text.slice(text.indexOf('\n') + 1) : text;
}
