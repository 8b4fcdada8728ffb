import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The before/after-pack hooks' logic, without running @electron/rebuild (that needs the network):
// what the rebuild is asked for, and that the Node build of better-sqlite3 comes back after packing.

const require = createRequire(import.meta.url);
const native = require('../../build/native-rebuild.cjs') as {
  BINARY: string;
  BACKUP: string;
  rebuildOptions(context: unknown, projectDir: string, installedElectronVersion: string): Record<string, unknown>;
  saveNodeBuild(projectDir: string): boolean;
  restoreNodeBuild(projectDir: string): boolean;
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function project(binary: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-native-'));
  dirs.push(dir);
  fs.mkdirSync(path.dirname(path.join(dir, native.BINARY)), { recursive: true });
  fs.writeFileSync(path.join(dir, native.BINARY), binary);
  return dir;
}

describe('native module rebuild for packing', () => {
  it('asks @electron/rebuild for better-sqlite3 only, for the target Electron, platform and arch', () => {
    const context = { arch: 3, electronPlatformName: 'darwin', packager: { config: {} } };
    expect(native.rebuildOptions(context, '/src/app', '45.5.0')).toEqual({
      buildPath: '/src/app',
      electronVersion: '45.5.0',
      platform: 'darwin',
      arch: 'arm64',
      onlyModules: ['better-sqlite3'],
      force: true,
    });
    const windows = { arch: 1, electronPlatformName: 'win32', packager: { config: { electronVersion: '45.6.0' } } };
    expect(native.rebuildOptions(windows, '/src/app', '45.5.0')).toMatchObject({ electronVersion: '45.6.0', platform: 'win32', arch: 'x64' });
    expect(() => native.rebuildOptions({ ...windows, arch: 42 }, '/src/app', '45.5.0')).toThrow(/Unknown electron-builder architecture/);
  });

  it('puts the Node build back after packing', () => {
    const dir = project('node build');
    expect(native.saveNodeBuild(dir)).toBe(true);
    fs.writeFileSync(path.join(dir, native.BINARY), 'electron build'); // what the rebuild does
    expect(native.restoreNodeBuild(dir)).toBe(true);
    expect(fs.readFileSync(path.join(dir, native.BINARY), 'utf8')).toBe('node build');
    expect(fs.existsSync(path.join(dir, native.BACKUP))).toBe(false);
    expect(native.restoreNodeBuild(dir)).toBe(false);
  });

  it('keeps the Node build from an interrupted pack instead of saving the Electron one over it', () => {
    const dir = project('node build');
    native.saveNodeBuild(dir);
    fs.writeFileSync(path.join(dir, native.BINARY), 'electron build');
    // The pack failed before after-pack; the next pack starts with Electron's build in place.
    expect(native.saveNodeBuild(dir)).toBe(false);
    native.restoreNodeBuild(dir);
    expect(fs.readFileSync(path.join(dir, native.BINARY), 'utf8')).toBe('node build');
  });
});
