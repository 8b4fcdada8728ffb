import fs from 'node:fs';

/**
 * The newest `bytes` of a file of `size` bytes (the whole file when it is smaller). Log
 * rotation keeps this part when a file cannot be moved; diagnostics exports it.
 */
export function readFileTail(filePath: string, size: number, bytes: number): Buffer {
  const take = Math.min(size, bytes);
  const buffer = Buffer.alloc(take);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, buffer, 0, take, size - take);
  } finally {
    fs.closeSync(fd);
  }
  return buffer;
}
