import { createFile } from 'mp4box';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** Real media made on the spot (no binary fixtures in git): sharp for pictures, mp4box for video. */

/** A JPEG taken "sideways": stored 600×400 with EXIF orientation 6, shown 400×600. */
export function sidewaysJpeg(colour = '#c0392b'): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 400, channels: 3, background: colour } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export function png(width = 300, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: '#2e86de' } }).png().toBuffer();
}

/** A short MP4 (or, with brand `qt  `, MOV): one 640×360 AVC track of `seconds`. */
export function movie(seconds: number, brand: 'iso4' | 'qt  ' = 'iso4'): Buffer {
  const file = createFile();
  file.init({ brands: [brand], timescale: 1000, duration: seconds * 1000 });
  const id = file.addTrack({ timescale: 1000, width: 640, height: 360, type: 'avc1', duration: seconds * 1000, media_duration: seconds * 1000 });
  const half = Math.round((seconds * 1000) / 2);
  file.addSample(id, new Uint8Array(64), { duration: half, is_sync: true });
  file.addSample(id, new Uint8Array(64), { duration: seconds * 1000 - half, is_sync: false });
  const stream = file.getBuffer();
  return Buffer.from(stream.buffer.slice(0, stream.byteLength));
}

/** A real 5 s MP4 of about `bytes` (one big sample), for uploads that take several chunks. */
export function sizedMovie(bytes: number): Buffer {
  const file = createFile();
  file.init({ brands: ['iso4'], timescale: 1000, duration: 5000 });
  const id = file.addTrack({ timescale: 1000, width: 640, height: 360, type: 'avc1', duration: 5000, media_duration: 5000 });
  file.addSample(id, new Uint8Array(bytes).map((_, i) => i % 251), { duration: 2500, is_sync: true });
  file.addSample(id, new Uint8Array(64), { duration: 2500, is_sync: false });
  const stream = file.getBuffer();
  return Buffer.from(stream.buffer.slice(0, stream.byteLength));
}

/** The first bytes of an iPhone HEIC photo (`ftyp` brand `heic`) and some body. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypheic'), 0, 0, 0, 0, ...Buffer.from('mif1heic')]);
  return Buffer.concat([ftyp, Buffer.alloc(200, 7)]);
}

/** Starts like a JPEG, then is noise: what a half-copied or hostile file looks like. */
export function brokenJpeg(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), Buffer.alloc(4000, 0x41)]);
}

/**
 * A decompression bomb: a small PNG whose header claims 60,000 × 60,000 pixels (3.6 billion,
 * over sharp's input pixel limit), with a correct checksum so only the size gives it away.
 */
export async function pixelBombPng(): Promise<Buffer> {
  const bytes = Buffer.from(await png(16, 16));
  // IHDR data starts at 16 (8 signature + 4 length + 4 type): width, height as 32-bit big-endian.
  bytes.writeUInt32BE(60_000, 16);
  bytes.writeUInt32BE(60_000, 20);
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
  return bytes;
}

/**
 * A small, well-formed PDF of `pages` empty A4 pages, written out with a correct cross-reference
 * table (a PDF is plain text objects plus byte offsets; no library needed to write one this small).
 */
export function pdf(pages = 3, label = 'AgencyIQ'): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${3 + pages} 0 R >>`);
  const stream = `% ${label}\n`;
  objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}endstream`);
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
