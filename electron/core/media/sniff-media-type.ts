import type { MediaFormat, MediaKind } from '@shared/platforms/media-limits';
import { heicRefused, MediaRefusedError, unsupportedRefused } from './media-errors';

/** Bytes needed from the start of a file to tell its type. */
export const SNIFF_BYTES = 16;

export interface SniffedType {
  kind: MediaKind;
  format: MediaFormat;
}

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

// ISO base media brands (the `ftyp` box's major brand). HEIF stills come from phones as HEIC.
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VP', 'dash', 'mmp4', 'MSNV', 'f4v ']);

/**
 * Tells a file's type from its first bytes, never from its name (a renamed file is what it is).
 * Throws MediaRefusedError for anything the library does not take, HEIC with its own words.
 */
export function sniffMediaType(head: Uint8Array): SniffedType {
  if (head.length === 0) throw new MediaRefusedError('empty', 'This file is empty. Nothing was added.');
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { kind: 'image', format: 'jpeg' };
  if (head.length >= 8 && ascii(head, 0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'image', format: 'png' };
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'image', format: 'webp' };
  // PDF: the header `%PDF-` (ISO 32000 allows junk before it, but PDF writers put it first).
  if (head.length >= 5 && ascii(head, 0, 5) === '%PDF-') return { kind: 'document', format: 'pdf' };
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    if (HEIF_BRANDS.has(brand)) throw heicRefused();
    if (brand === 'qt  ') return { kind: 'video', format: 'mov' };
    if (MP4_BRANDS.has(brand)) return { kind: 'video', format: 'mp4' };
  }
  // QuickTime files from before the ftyp box begin straight with a movie or data atom.
  if (head.length >= 8 && ['moov', 'mdat', 'wide'].includes(ascii(head, 4, 8))) return { kind: 'video', format: 'mov' };
  throw unsupportedRefused();
}
