import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Every icon is derived from the one source image: regenerating from build/icon-source.png must
// give byte-identical files to the committed ones (so nobody hand-edits a size, and a changed
// source without regenerated icons fails here).

const ROOT = path.resolve(import.meta.dirname, '../..');
const ICONS = path.join(ROOT, 'build', 'icons');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-icons-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const EXPECTED = [
  '128x128.png',
  '16x16.png',
  '24x24.png',
  '256x256.png',
  '32x32.png',
  '48x48.png',
  '512x512.png',
  '64x64.png',
  'icon.icns',
  'icon.ico',
  'tray.png',
  'tray@2x.png',
  'trayTemplate.png',
  'trayTemplate@2x.png',
];

function pngSize(file: string): [number, number] {
  const data = fs.readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

const require = createRequire(import.meta.url);

describe('app icons', () => {
  it('has one 1024×1024 source image with its SVG', () => {
    expect(pngSize(path.join(ROOT, 'build', 'icon-source.png'))).toEqual([1024, 1024]);
    expect(fs.readFileSync(path.join(ROOT, 'build', 'icon-source.svg'), 'utf8')).toContain('<svg');
  });

  it('has an icon for every OS, at the size its name says', () => {
    expect(fs.readdirSync(ICONS).sort()).toEqual(EXPECTED);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) expect(pngSize(path.join(ICONS, `${size}x${size}.png`))).toEqual([size, size]);
    expect(fs.readFileSync(path.join(ICONS, 'icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
    const ico = fs.readFileSync(path.join(ICONS, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 9]);
  });

  it('gives macOS a template menu-bar icon: black, with the picture in the alpha channel only', () => {
    const UPNG = require('png2icons/lib/UPNG.js') as {
      decode(data: Buffer): { width: number; height: number };
      toRGBA8(image: unknown): ArrayBuffer[];
    };
    for (const [name, size] of [['trayTemplate.png', 16], ['trayTemplate@2x.png', 32]] as const) {
      expect(pngSize(path.join(ICONS, name))).toEqual([size, size]);
      const image = UPNG.decode(fs.readFileSync(path.join(ICONS, name)));
      const rgba = new Uint8Array(UPNG.toRGBA8(image)[0] ?? new ArrayBuffer(0));
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0]);
        if ((rgba[i + 3] ?? 0) > 128) opaque += 1;
      }
      // A mark, not a filled square and not nothing.
      expect(opaque).toBeGreaterThan(size * size * 0.1);
      expect(opaque).toBeLessThan(size * size * 0.7);
    }
  });

  it('regenerates byte-identical icons from the source', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'build', 'generate-icons.mjs'), '--out', out], { cwd: ROOT, timeout: 60_000 });
    expect(fs.readdirSync(out).sort()).toEqual(EXPECTED);
    for (const name of EXPECTED) {
      expect(fs.readFileSync(path.join(out, name)).equals(fs.readFileSync(path.join(ICONS, name))), name).toBe(true);
    }
  });
});
