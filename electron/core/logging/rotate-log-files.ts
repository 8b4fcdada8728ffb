import fs from 'node:fs';
import path from 'node:path';
import { readFileTail } from './read-file-tail';

/** When rotation is impossible, the current file is cut down to its newest part of this size. */
export const CROP_TO_BYTES = 256 * 1024;

/**
 * Rotates `main.log` → `main.1.log` → … → `main.<keep>.log`, dropping the oldest, so the logs
 * never grow past about (keep + 1) × the size limit. electron-log calls it synchronously when the
 * current file passes its `maxSize`, and starts a fresh file afterwards.
 *
 * It never throws: a file locked by another program (Windows, antivirus) must not stop logging.
 * If the files cannot be moved, the current one keeps only its newest `CROP_TO_BYTES` instead,
 * so a stuck rotation cannot grow the log without bound.
 */
export function rotateLogFiles(currentPath: string, keep: number): void {
  const { dir, name, ext } = path.parse(currentPath);
  const archive = (index: number): string => path.join(dir, `${name}.${index}${ext}`);
  try {
    fs.rmSync(archive(keep), { force: true });
    for (let index = keep - 1; index >= 1; index -= 1) {
      if (fs.existsSync(archive(index))) fs.renameSync(archive(index), archive(index + 1));
    }
    fs.renameSync(currentPath, archive(1));
  } catch {
    keepNewestBytes(currentPath, CROP_TO_BYTES);
  }
}

function keepNewestBytes(filePath: string, bytes: number): void {
  try {
    const size = fs.statSync(filePath).size;
    if (size <= bytes) return;
    fs.writeFileSync(filePath, readFileTail(filePath, size, bytes));
  } catch {
    // Nothing more can be done from inside the logger; the next write tries again.
  }
}
