import { describe, expect, it } from 'vitest';
import { MediaRefusedError } from '../../electron/core/media/media-errors';
import { sniffMediaType } from '../../electron/core/media/sniff-media-type';

// A file is what its first bytes say, whatever its name: the owner's renamed or mislabelled
// files are still recognised, and anything else gets a reason rather than a crash later.

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0]);

describe('sniffMediaType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif\0\0abcdefgh'), { kind: 'image', format: 'jpeg' }],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13], 'IHDR'), { kind: 'image', format: 'png' }],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), { kind: 'image', format: 'webp' }],
    ['MP4', ftyp('isom'), { kind: 'video', format: 'mp4' }],
    ['MP4 (mp42)', ftyp('mp42'), { kind: 'video', format: 'mp4' }],
    ['MOV', ftyp('qt  '), { kind: 'video', format: 'mov' }],
    ['old MOV without ftyp', bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 0], 'mdat'), { kind: 'video', format: 'mov' }],
    ['PDF', bytes('%PDF-1.7\n%âãÏÓ\n1 0'), { kind: 'document', format: 'pdf' }],
    ['PDF 2.0', bytes('%PDF-2.0\n1 0 obj\n<<'), { kind: 'document', format: 'pdf' }],
  ])('knows %s', (_name, head, expected) => {
    expect(sniffMediaType(head)).toEqual(expected);
  });

  it.each(['heic', 'heix', 'mif1'])('refuses HEIF brand %s with the JPEG advice', (brand) => {
    const error = (() => {
      try {
        sniffMediaType(ftyp(brand));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MediaRefusedError);
    expect(error).toMatchObject({ refusal: 'heic', code: 'invalid_request' });
  });

  it('refuses other files and empty ones with their own reasons', () => {
    expect(() => sniffMediaType(bytes('PK', [3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/not a picture, video or document/);
    // A PDF is its header, not its name or a mention of PDF further in.
    expect(() => sniffMediaType(bytes('%!PS-Adobe-3.0 %PDF-'))).toThrow(MediaRefusedError);
    expect(() => sniffMediaType(bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0, 0, 0, 0]))).toThrow(MediaRefusedError);
    expect(() => sniffMediaType(new Uint8Array(0))).toThrow(/empty/);
  });
});
