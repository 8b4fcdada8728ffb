// Derives every app icon from the one source image, build/icon-source.png (1024×1024):
//   build/icons/icon.icns          macOS (PNG chunks 16–1024 px)
//   build/icons/icon.ico           Windows (BMP below 64 px, PNG from 64 px, as Windows Explorer prefers)
//   build/icons/NxN.png            Linux sizes 16–512, taken from the encoded .ico/.icns chunks
//   build/icons/tray.png, tray@2x.png   the tray icon on Windows and Linux (16 px and 32 px)
//   build/icons/trayTemplate.png, trayTemplate@2x.png   the macOS menu-bar icon: a template image
//                                  (black + alpha only; the menu bar tints it for light and dark)
// Deterministic: the same source gives byte-identical files (tests/unit/app-icons.test.ts checks
// the committed icons against a fresh run).   node build/generate-icons.mjs [--out <dir>]
import fs from 'node:fs';
import path from 'node:path';
import png2icons from 'png2icons';
import UPNG from 'png2icons/lib/UPNG.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const SOURCE = path.join(here, 'icon-source.png');
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

/** The PNG images inside an .ico file, by width (entries stored as BMP are skipped). */
function pngsInIco(ico) {
  const found = new Map();
  const count = ico.readUInt16LE(4);
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + i * 16;
    const width = ico.readUInt8(entry) || 256;
    const size = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    const image = ico.subarray(offset, offset + size);
    if (image.subarray(1, 4).toString('latin1') === 'PNG') found.set(width, image);
  }
  return found;
}

/** One chunk of an .icns file by its OSType (e.g. 'ic09' = 512×512 PNG). */
function icnsChunk(icns, type) {
  let offset = 8;
  while (offset + 8 <= icns.length) {
    const length = icns.readUInt32BE(offset + 4);
    if (icns.subarray(offset, offset + 4).toString('latin1') === type) return icns.subarray(offset + 8, offset + length);
    offset += length;
  }
  throw new Error(`The generated .icns has no ${type} chunk`);
}

/**
 * A macOS template image from a colour icon: the light marks (the speech bubble and the star)
 * become opaque black, the dark tile transparent, so the letter inside the bubble stays a hole.
 * Only alpha carries the picture, as Apple's template images require.
 */
function templateImage(png) {
  const image = UPNG.decode(png);
  const rgba = new Uint8Array(UPNG.toRGBA8(image)[0]);
  for (let i = 0; i < rgba.length; i += 4) {
    const luminance = (0.2126 * rgba[i] + 0.7152 * rgba[i + 1] + 0.0722 * rgba[i + 2]) / 255;
    const coverage = Math.min(1, Math.max(0, (luminance - 0.55) / 0.3));
    rgba[i + 3] = Math.round(rgba[i + 3] * coverage);
    rgba[i] = 0;
    rgba[i + 1] = 0;
    rgba[i + 2] = 0;
  }
  return Buffer.from(UPNG.encode([rgba.buffer], image.width, image.height, 0));
}

/** Writes every icon into `outDir`; returns the file names written. */
export function generateIcons(outDir) {
  const source = fs.readFileSync(SOURCE);
  if (source.readUInt32BE(16) !== 1024 || source.readUInt32BE(20) !== 1024) {
    throw new Error('build/icon-source.png must be 1024×1024');
  }
  const icns = png2icons.createICNS(source, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(source, png2icons.BICUBIC, 0, false, true);
  const pngIco = png2icons.createICO(source, png2icons.BICUBIC, 0, true, false);
  if (!icns || !ico || !pngIco) throw new Error('png2icons could not read build/icon-source.png');

  const sizes = pngsInIco(pngIco);
  sizes.set(512, icnsChunk(icns, 'ic09'));
  const files = new Map([
    ['icon.icns', icns],
    ['icon.ico', ico],
  ]);
  for (const size of LINUX_SIZES) {
    const png = sizes.get(size);
    if (png === undefined) throw new Error(`No ${size}px image was generated`);
    files.set(`${size}x${size}.png`, png);
  }
  files.set('tray.png', sizes.get(16));
  files.set('tray@2x.png', sizes.get(32));
  files.set('trayTemplate.png', templateImage(sizes.get(16)));
  files.set('trayTemplate@2x.png', templateImage(sizes.get(32)));

  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, data] of files) fs.writeFileSync(path.join(outDir, name), data);
  return [...files.keys()];
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.join(here, 'generate-icons.mjs')) {
  const at = process.argv.indexOf('--out');
  const outDir = at === -1 ? path.join(here, 'icons') : path.resolve(process.argv[at + 1] ?? '');
  const written = generateIcons(outDir);
  process.stdout.write(`Wrote ${written.length} icons to ${path.relative(process.cwd(), outDir) || '.'}\n`);
}
