import fs from 'node:fs';
import zlib from 'node:zlib';

/** One file inside a zip, inflated. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * Reads every entry of a zip with node:zlib alone, through the central directory (the way
 * unzip tools do), so a test sees exactly what an owner's unzip would show.
 */
export function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip (no end of central directory).`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('Broken central directory.');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`Unsupported zip method ${method} for ${name}.`);
    entries.push({ name, data: method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Every place a secret value appears in a diagnostics zip: `[]` means none leaked. The lead's
 * connect-and-publish run passes the tokens, codes and secrets it used.
 */
export function findSecretsInZip(file: string, secrets: readonly string[]): Array<{ entry: string; secret: string }> {
  const hits: Array<{ entry: string; secret: string }> = [];
  for (const entry of readZip(file)) {
    const text = entry.data.toString('utf8');
    for (const secret of secrets) {
      if (secret.length === 0) throw new Error('An empty secret matches everything; pass real values.');
      if (text.includes(secret) || text.includes(encodeURIComponent(secret))) hits.push({ entry: entry.name, secret });
    }
  }
  return hits;
}
