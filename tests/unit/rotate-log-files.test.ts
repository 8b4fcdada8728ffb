import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CROP_TO_BYTES, rotateLogFiles } from '../../electron/core/logging/rotate-log-files';

let dir: string;
const current = (): string => path.join(dir, 'main.log');
const read = (name: string): string | null =>
  fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-logs-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('rotateLogFiles', () => {
  it('moves the current file to .1 on first rotation', () => {
    fs.writeFileSync(current(), 'run 1');
    rotateLogFiles(current(), 3);
    expect(read('main.log')).toBeNull();
    expect(read('main.1.log')).toBe('run 1');
  });

  it('shifts archives and keeps only the newest ones', () => {
    for (let run = 1; run <= 5; run += 1) {
      fs.writeFileSync(current(), `run ${run}`);
      rotateLogFiles(current(), 3);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect([read('main.1.log'), read('main.2.log'), read('main.3.log')]).toEqual(['run 5', 'run 4', 'run 3']);
  });

  it('does not throw when the file cannot be moved', () => {
    expect(() => rotateLogFiles(path.join(dir, 'missing', 'main.log'), 3)).not.toThrow();
  });
});

describe('rotateLogFiles when the files cannot be moved', () => {
  it('keeps only the newest part of the current file', () => {
    // A directory where the oldest archive is dropped makes the rotation fail (as root, file
    // permissions would not).
    fs.mkdirSync(path.join(dir, 'main.3.log'));
    fs.writeFileSync(path.join(dir, 'main.3.log', 'blocker'), '');
    const old = 'o'.repeat(CROP_TO_BYTES);
    const newest = 'latest line\n';
    fs.writeFileSync(current(), old + newest);
    rotateLogFiles(current(), 3);
    const kept = read('main.log') ?? '';
    expect(kept.length).toBe(CROP_TO_BYTES);
    expect(kept.endsWith(newest)).toBe(true);
  });
});
